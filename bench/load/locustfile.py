# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load test of congdan_hoctap with Locust (run by bench/load/run_load.sh, headless).

Citizens sign in, open "My learning", fill every competency-group page of their self-assessment
(one page with an evidence upload), submit, then keep reading their pages. Officers list the members
and evaluations of their commune through /web/dataset/call_kw (search_read), review the submitted
evaluations with the mass action, and open the overview figures (the briefing tiles).

Accounts come from LOAD_ACCOUNTS (written by seed.py). At the end the evaluations this test saw
submitted are written to LOAD_SUBMITTED and every request's time to LOAD_TIMES, per scenario, for
run_load.sh's table and its lost/duplicate-write check.
"""

import base64
import itertools
import json
import os
import re
import threading

from locust import HttpUser, between, events, task

ACCOUNTS = json.load(open(os.environ["LOAD_ACCOUNTS"], encoding="utf-8"))  # noqa: SIM115
CITIZENS = itertools.count()
OFFICERS = itertools.count()
LOCK = threading.Lock()
SUBMITTED = []
TIMES = {}  # scenario -> [(ms, failed, HTTP status)]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, response=None, **_kwargs):
    scenario = name.split(":", 1)[0]
    status = getattr(response, "status_code", 0) or 0
    with LOCK:
        TIMES.setdefault(scenario, []).append((response_time, exception is not None, status))


@events.quitting.add_listener
def _dump(environment, **_kwargs):
    with open(os.environ["LOAD_SUBMITTED"], "w", encoding="utf-8") as out:
        json.dump(SUBMITTED, out)
    with open(os.environ["LOAD_TIMES"], "w", encoding="utf-8") as out:
        json.dump(TIMES, out)


class OdooUser(HttpUser):
    abstract = True
    wait_time = between(*(float(value) for value in os.environ.get("LOAD_WAIT", "0.5 1.5").split()))
    account = None

    logged_in = False

    def _login(self, account, scenario):
        page = self.client.get("/web/login", name=f"{scenario}: sign in (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/web/login",
            name=f"{scenario}: sign in",
            catch_response=True,
            data={
                "login": account["login"],
                "password": account["password"],
                "csrf_token": token.group(1) if token else "",
                "redirect": "/my",
            },
        ) as response:
            self.logged_in = response.ok and "/web/login" not in response.url
            if not self.logged_in:
                response.failure(f"sign-in refused ({response.status_code})")
        return self.logged_in

    def _csrf(self, html):
        token = CSRF.search(html or "")
        return token.group(1) if token else ""


class Citizen(OdooUser):
    """A citizen self-assessing on the portal: once through the whole flow, then reading."""

    weight = 4

    def on_start(self):
        index = next(CITIZENS)
        citizens = ACCOUNTS["citizens"]
        self.account = citizens[index] if index < len(citizens) else None
        self.done = self.account is None
        if self.account:
            self._login(self.account, "citizen")

    @task
    def assess(self):
        if not self.account:
            self.client.get("/hoctap/verify/notatoken", name="citizen: verify page (public)")
            return
        if not self.logged_in and not self._login(self.account, "citizen"):
            return
        self.client.get("/my/learning", name="citizen: my learning")
        evaluation = f"/my/learning/{self.account['evaluation_id']}"
        page = self.client.get(evaluation, name="citizen: evaluation page")
        if self.done:
            return
        uploads = 0
        for index, group in enumerate(self.account["groups"]):
            url = f"{evaluation}/group/{group['id']}"
            form = self.client.get(url, name="citizen: group page")
            data = {f"score_{line}": "9" for line in group["lines"]}
            data["csrf_token"] = self._csrf(form.text)
            files = None
            evidence_lines = group["evidence"] or (group["lines"][:1] if index == 0 else [])
            if evidence_lines:
                files = {f"evidence_{evidence_lines[0]}": ("minh-chung.png", PNG, "image/png")}
            with self.client.post(
                url,
                data=data,
                files=files,
                name="citizen: save group (with evidence)" if files else "citizen: save group",
                catch_response=True,
            ) as response:
                if response.status_code >= 400 or "alert-danger" in response.text:
                    response.failure(f"save refused ({response.status_code})")
                    return
            uploads += 1 if files else 0
        with self.client.post(
            f"{evaluation}/submit",
            data={"csrf_token": self._csrf(page.text)},
            name="citizen: submit",
            catch_response=True,
        ) as response:
            if "message=submitted" not in response.url:
                response.failure(f"not submitted ({response.status_code} {response.url})")
                return
        with LOCK:
            SUBMITTED.append({"evaluation_id": self.account["evaluation_id"], "uploads": uploads})
        self.done = True


class Officer(OdooUser):
    """A commune officer: member and evaluation lists, the review mass action, the overview."""

    weight = 1

    def on_start(self):
        officers = ACCOUNTS["officers"]
        self.account = officers[next(OFFICERS) % len(officers)]
        self._login(self.account, "officer")
        self.association_id = ACCOUNTS["association_id"]

    def _call(self, model, method, args, kwargs, name):
        with self.client.post(
            f"/web/dataset/call_kw/{model}/{method}",
            name=f"officer: {name}",
            catch_response=True,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
            },
        ) as response:
            body = response.json() if response.status_code == 200 else {}
            if "error" in body or response.status_code != 200:
                response.failure(str(body.get("error", {}).get("data", {}).get("message") or response.status_code))
                return None
            return body.get("result")

    @task(3)
    def lists(self):
        if not self.logged_in and not self._login(self.account, "officer"):
            return
        scope = [["association_id", "child_of", self.association_id]]
        self._call(
            "hoctap.membership",
            "search_read",
            [scope],
            {"fields": ["partner_id", "association_id", "state"], "limit": 80},
            "member list",
        )
        self._call(
            "hoctap.evaluation",
            "search_read",
            [scope],
            {"fields": ["name", "partner_id", "state", "total"], "limit": 80},
            "evaluation list",
        )

    @task(1)
    def review(self):
        submitted = (
            self._call(
                "hoctap.evaluation",
                "search",
                [[["association_id", "child_of", self.association_id], ["state", "=", "submitted"]]],
                {"limit": 20},
                "submitted evaluations",
            )
            or []
        )
        if not submitted:
            return
        wizard = self._call(
            "hoctap.evaluation.mass.action",
            "create",
            [{"action": "review", "evaluation_ids": [[6, 0, submitted]]}],
            {},
            "review mass action (create)",
        )
        if wizard:
            self._call("hoctap.evaluation.mass.action", "action_apply", [[wizard]], {}, "review mass action (apply)")

    @task(1)
    def overview(self):
        self._call(
            "hoctap.association",
            "get_overview_data",
            [],
            {"association_id": self.association_id},
            "overview (briefing figures)",
        )
