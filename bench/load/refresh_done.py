# After a load step with the province-wide refresh (run inside `odoo-bin shell`, see run_load.sh): waits up
# to LOAD_REFRESH_WAIT seconds for the refresh's jobs (queued since LOAD_REFRESH_SINCE, a UTC timestamp) to end,
# then prints their count, states and the time from the first start to the last end (JSON, one line).
import json
import os
import time

since = os.environ["LOAD_REFRESH_SINCE"]
deadline = time.time() + int(os.environ.get("LOAD_REFRESH_WAIT", "600"))
query = """
    SELECT count(*), count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'failed'),
           min(date_started), max(date_done), min(date_created)
      FROM queue_job WHERE model_name = 'hoctap.statistic' AND date_created >= %s
"""
while True:
    env.cr.execute(query, [since])  # noqa: F821
    jobs, done, failed, started, ended, created = env.cr.fetchone()  # noqa: F821
    if done + failed == jobs or time.time() > deadline:
        break
    env.cr.rollback()  # noqa: F821 (a fresh snapshot for the next look)
    time.sleep(2)
print(
    json.dumps(
        {
            "jobs": jobs,
            "done": done,
            "failed": failed,
            "seconds": round((ended - started).total_seconds(), 1) if started and ended and done == jobs else None,
            "done_after_queued": round((ended - created).total_seconds(), 1) if ended and done == jobs else None,
        }
    )
)
