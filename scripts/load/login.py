#!/usr/bin/env python3
"""Log each of the load's users in once, as the web client does; keep the sessions.

    python3 scripts/load/login.py --url URL --users USERS.json --output SESSIONS.json

The simulated users of scripts/load/locustfile.py start from these sessions.
"""

import argparse
import concurrent.futures
import http.cookiejar
import json
import urllib.request


def login(url, database, name):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": database, "login": name, "password": name},
    }
    request = urllib.request.Request(
        url + "/web/session/authenticate",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=120) as response:
        answer = json.load(response)
    if "error" in answer:
        raise SystemExit(f"{name} cannot log in: {answer['error']}")
    sid = next(cookie.value for cookie in jar if cookie.name == "session_id")
    return {"sid": sid, "uid": answer["result"]["uid"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    with open(args.users, encoding="utf-8") as file:
        data = json.load(file)
    names = [name for names in data["users"].values() for name in names]
    # A few at a time: the server hashes each password.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = pool.map(lambda name: login(args.url, data["database"], name), names)
        sessions = dict(zip(names, answers, strict=True))
    with open(args.output, "w", encoding="utf-8") as file:
        json.dump(sessions, file)


if __name__ == "__main__":
    main()
