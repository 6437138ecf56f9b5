#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets under tests/fuzz/corpus/<target>/ and the
dictionaries under tests/fuzz/dicts/ (docs/FUZZING.md). The api_body and api_nesting seeds
start with the byte that chooses their route (a hash of it, so the seeds keep their routes when
others are added); run this again when a route they use is renamed.

The sqlite_open seed (a small real MSFit database) is made with a built msfit binary:
    tests/fuzz/make_seeds.py --msfit build/ci/msfit
Without --msfit the database seed already in the corpus is kept."""

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
DICTS = os.path.join(ROOT, "tests", "fuzz", "dicts")

# Fixed by tests/fuzz/support/fuzz_support.hpp.
PERSON, CLINICIAN, RESEARCHER, ADMIN = (
    "fuzz-person-token", "fuzz-clinician-token", "fuzz-researcher-token", "fuzz-admin-token")
FREE_INVITE, FREE_JOIN = "AAAA-BBBB-CCCC", "JOIN-CODE-0002"


def secret_hash(secret):
    """msfit::http::secret_hash: BLAKE2b-256 (libsodium's crypto_generichash), hex."""
    return hashlib.blake2b(secret.encode(), digest_size=32).hexdigest()


def route_byte(method, path):
    """ApiFixture::route_byte: FNV-1a of "METHOD path", folded to a byte."""
    h = 2166136261
    for b in f"{method} {path}".encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xFF


def routes():
    """The route table of src/http/api.cpp, in order: (method, path, access)."""
    text = open(os.path.join(ROOT, "src", "http", "api.cpp"), encoding="utf-8").read()
    return re.findall(r'Route\{"(\w+)", "([^"]+)", Access::(\w+)', text)


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


PROFILE = json.load(open(os.path.join(ROOT, "examples", "profile.json"), encoding="utf-8"))


def profile(**changes):
    p = dict(PROFILE)
    for k, v in changes.items():
        if v is None and k in p:
            del p[k]
        elif v is not None:
            p[k] = v
    return compact(p)


def profile_seeds():
    write("profile_json", "example.json", open(os.path.join(ROOT, "examples", "profile.json"), "rb").read())
    write("profile_json", "wheelchair_home.json", profile(
        mobility="wheelchair", location="home", equipment=["bands", "dumbbells"],
        days=["tue", "sat"], session_minutes=30, edss=7.0, ms_type="SPMS", sex="male"))
    write("profile_json", "trained_one_rm.json", profile(
        experience="trained", one_rm_kg={"leg_press_machine": 80.5}, trains_alone=False,
        beta_blockers=True, heart_condition=True, last_relapse=None, edss=None))
    write("profile_json", "clearance.json", profile(
        clinician_clearance={"standing_balance": True, "vigorous_aerobic": False},
        mobility="two_aids", ms_type="PPMS", age=70, weeks=52))
    write("profile_json", "cis_minimal_hr.json", profile(
        ms_type="CIS", resting_hr=None, max_hr=None, heat_sensitive=False, sex="other",
        days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"], session_minutes=20))
    write("profile_json", "wrong_types.json",
          '{"age":"42","sex":1,"edss":"3","equipment":"dumbbells","days":[1],"weeks":2.5}')
    write("profile_json", "unknown_key.json", profile(favourite_colour="blue"))
    write("profile_json", "bad_date.json", profile(start_date="2026-02-30", last_relapse="yesterday"))


def api_seeds():
    table = routes()
    fuzzed = [r for r in table if r[0] != "DELETE"]
    bodied = [r for r in fuzzed if r[0] != "GET"]

    def index(method, path, within):
        """The first byte that chooses the route (ApiFixture::route_for in fuzz_support.cpp)."""
        if (method, path) not in [(m, p) for m, p, _ in within]:
            raise SystemExit(f"make_seeds.py: no route {method} {path} in src/http/api.cpp")
        owned = {}
        for m, p, _ in within:
            b = route_byte(m, p)
            while b in owned:
                b = (b + 1) % 256
            owned[b] = (m, p)
        return next(b for b, r in owned.items() if r == (method, path))

    def body(method, path, text, name):
        write("api_body", name, bytes([index(method, path, fuzzed)]) + text.encode())

    body("POST", "/api/v1/accounts", '{"name":"ana","password":"correct horse battery","role":"clinician"}', "accounts")
    body("POST", "/api/v1/auth/sessions", '{"name":"fuzz-person","password":"not the password"}', "sign_in")
    body("PUT", "/api/v1/profile", profile(days=["tue", "thu"], session_minutes=45), "profile")
    body("POST", "/api/v1/plan", "", "plan")
    body("POST", "/api/v1/sets", '{"client_id":"s1","exercise":"leg_press_machine","reps":8,"load_kg":42.5,"rir":2,"set":2,"completed":true,"date":"2026-12-09"}', "sets")
    body("POST", "/api/v1/cardio", '{"client_id":"c1","exercise":"upright_stationary_bike","minutes":25,"mean_hr":120,"watts":80,"rpe":5}', "cardio")
    body("POST", "/api/v1/checkins", '{"client_id":"k1","fatigue":4,"sleep_quality":6,"hot":true,"ambient_temp_c":29.5,"relapse":false,"symptoms":["spasticity","chest_pain"]}', "checkins")
    body("POST", "/api/v1/notes", '{"client_id":"n1","text":"=SUM(A1), \\"tired\\"\\nnew line","date":"2026-12-08"}', "notes")
    body("POST", "/api/v1/resume", '{"client_id":"r1","date":"2026-12-09"}', "resume")
    body("POST", "/api/v1/clearances", '{"client_id":"l1","kind":"medical","confirm":true}', "clearances")
    body("POST", "/api/v1/items", '{"client_id":"i1","exercise":"tandem_stance","completed":true,"rating":"easy"}', "items")
    body("POST", "/api/v1/swaps", '{"exercise":"leg_press_machine","replacement":"sit_to_stand","date":"2026-12-09"}', "swaps")
    body("POST", "/api/v1/measures", '{"client_id":"m1","id":"t25fw","trials":[6.1,6.3],"date":"2026-12-09"}', "measures")
    body("POST", "/api/v1/invites", "{}", "invites")
    body("POST", "/api/v1/studies/join", compact({"code": " " + FREE_JOIN.lower()}), "study_join")
    body("POST", "/api/v1/patients", compact({"code": FREE_INVITE}), "patients")
    body("POST", "/api/v1/patients/{id}/plan/adjustments", '{"kind":"days","days":["tue","thu","sat"],"reason":"work shifts"}', "adjust_days")
    body("POST", "/api/v1/patients/{id}/plan/adjustments", '{"kind":"clearance","standing_balance":true,"vigorous_aerobic":false}', "adjust_clearance")
    body("POST", "/api/v1/patients/{id}/plan/adjustments", '{"kind":"session_minutes","minutes":45}', "adjust_minutes")
    body("POST", "/api/v1/patients/{id}/measures", '{"client_id":"e1","id":"edss","trials":[3.5],"date":"2026-12-07"}', "patient_measures")
    body("POST", "/api/v1/studies", '{"title":"Cycling 24 weeks"}', "studies")
    body("PATCH", "/api/v1/admin/accounts/{id}", '{"role":"researcher"}', "admin_patch")
    body("GET", "/api/v1/sessions/today", "date=2026-12-09", "today")
    body("GET", "/api/v1/history.csv", "from=2026-12-01&to=2026-12-31", "history_csv")
    body("GET", "/api/v1/measures", "id=t25fw&from=2026-01-01&to=2026-12-31", "get_measures")
    body("GET", "/api/v1/me/audit", "limit=5", "audit")
    body("GET", "/api/v1/patients/{id}/progress", "from=2026-12-01&to=2027-06-01", "progress")

    def nesting(method, path, depth, prefix, open_, close, suffix, name):
        recipe = bytes([index(method, path, bodied), depth >> 8, depth & 0xFF])
        recipe += "\n".join([prefix, open_, close, suffix]).encode()
        write("api_nesting", name, recipe)

    nesting("POST", "/api/v1/patients/{id}/plan/adjustments", 8, '{"kind":"days","days":', "[", "]", "}", "adjust_days")
    nesting("PUT", "/api/v1/profile", 8, '{"age":42,"one_rm_kg":', '{"a":[', "]}", "}", "profile")
    nesting("POST", "/api/v1/checkins", 8, '{"client_id":"k","fatigue":3,"symptoms":', "[", "]", "}", "checkins")
    nesting("POST", "/api/v1/measures", 8, '{"client_id":"m","id":"t25fw","trials":', "[", "]", "}", "measures")
    nesting("POST", "/api/v1/sets", 8, '{"client_id":"s","exercise":"leg_press_machine","reps":8,"x":', '{"y":[', "]}", "}", "sets")


def request(method, target, token=None, body=None, extra=()):
    lines = [f"{method} {target} HTTP/1.1", "Host: localhost"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    lines += list(extra)
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}"]
    return "\r\n".join(lines) + "\r\n\r\n" + (body or "")


def http_seeds():
    write("http_request", "health", request("GET", "/api/v1/health"))
    write("http_request", "today_query", request("GET", "/api/v1/sessions/today?date=2026-12-09&x=%41+b", PERSON))
    write("http_request", "put_profile", request("PUT", "/api/v1/profile", PERSON, profile(weeks=12)))
    write("http_request", "post_set_keepalive",
          request("POST", "/api/v1/sets", PERSON, '{"client_id":"h1","exercise":"leg_press_machine","reps":8,"load_kg":40}')
          + request("GET", "/api/v1/history?from=2026-12-01", PERSON))
    chunk = '{"client_id":"h2","fatigue":3}'
    write("http_request", "chunked",
          "POST /api/v1/checkins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + PERSON
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + f"{len(chunk):x}\r\n{chunk}\r\n0\r\n\r\n")
    write("http_request", "cookie_csrf", request(
        "POST", "/api/v1/notes", None, '{"client_id":"h3","text":"hi"}',
        [f"Cookie: theme=dark; msfit_session={PERSON}", f"X-CSRF-Token: {secret_hash('csrf:' + PERSON)}"]))
    write("http_request", "clinician_patch", request(
        "GET", "/api/v1/patients/1/history.csv?from=2026-12-01&to=2026-12-31", CLINICIAN))
    write("http_request", "admin_patch", request("PATCH", "/api/v1/admin/accounts/5", ADMIN, '{"role":"clinician"}'))
    write("http_request", "http10", "GET /api/v1/me HTTP/1.0\r\nAuthorization: Bearer " + RESEARCHER + "\r\n\r\n")
    write("http_request", "two_authorizations", request("GET", "/api/v1/me", PERSON, None, ["Authorization: Bearer x"]))
    write("http_request", "bad_method_405", request("DELETE", "/api/v1/health"))


def csv_seeds():
    # FuzzedDataProvider reads integers from the end and bytes from the front: any bytes make
    # a history; these give a few of every kind.
    write("history_csv", "mixed", bytes(range(256)))
    write("history_csv", "notes", b"=SUM(A1),\"quoted\"\r\nline" * 4 + bytes([3, 3, 3, 3, 1, 2, 0, 4, 5]))
    write("history_csv", "zeros", bytes(64))


def sqlite_seeds(msfit):
    write("sqlite_open", "empty", b"")
    write("sqlite_open", "not_a_database", b"SQLite format 3\x00" + bytes(84))
    if not msfit:
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "msfit.db")
        for args in (["init"], ["checkin", "--fatigue", "4", "--symptom", "spasticity"],
                     ["note", '=tired, "legs"'],
                     ["log", "set", "--exercise", "leg_press_machine", "--reps", "8", "--kg", "40"]):
            subprocess.run([msfit, "--db", db, *args], check=True, capture_output=True)
        # Shrink it: 512-byte pages, no WAL, so the seed stays well under 64 KB.
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA page_size=512")
        con.execute("VACUUM")
        con.close()
        data = open(db, "rb").read()
        if len(data) > 64 * 1024:
            raise SystemExit(f"make_seeds.py: the database seed is {len(data)} bytes, over 64 KB")
        write("sqlite_open", "msfit_init_db", data)


def dict_entry(word):
    """One libFuzzer dictionary line: printable ASCII as it is, other bytes escaped."""
    out = []
    for b in word.encode():
        c = chr(b)
        out.append("\\" + c if c in '"\\' else c if 32 <= b < 127 else f"\\x{b:02x}")
    return '"' + "".join(out) + '"'


def dictionaries():
    os.makedirs(DICTS, exist_ok=True)
    words = set()
    for target in ("profile_json", "api_body", "http_request"):
        for name in os.listdir(os.path.join(CORPUS, target)):
            text = open(os.path.join(CORPUS, target, name), "rb").read().decode("utf-8", "replace")
            words.update('"' + w + '"' for w in re.findall(r'"([A-Za-z0-9_ .:/-]{1,40})"', text))
    words.update(["{", "}", "[", "]", ":", ",", "null", "true", "false", "-0", "1e308", "\\u0000",
                  "\\ud800", "0.5"])
    with open(os.path.join(DICTS, "json.dict"), "w", encoding="utf-8") as f:
        f.write("# JSON tokens and every string of the seeds (tests/fuzz/make_seeds.py)\n")
        for w in sorted(words):
            f.write(dict_entry(w) + "\n")
    http_words = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS ", " HTTP/1.1\r\n",
                  " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "Host: ", "Content-Length: ",
                  "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: close",
                  "Connection: keep-alive", "Authorization: Bearer ", "Cookie: msfit_session=",
                  "X-CSRF-Token: ", "Expect: 100-continue", PERSON, CLINICIAN, RESEARCHER, ADMIN, "?",
                  "&", "=", "%", "%zz", "+", "/api/v1/"]
    http_words += sorted({p for _, p, _ in routes()})
    with open(os.path.join(DICTS, "http.dict"), "w", encoding="utf-8") as f:
        f.write("# HTTP/1.1 tokens, the fixture's tokens and the route paths (tests/fuzz/make_seeds.py)\n")
        for w in http_words:
            f.write(dict_entry(w) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--msfit", help="a built msfit binary, to make the database seed")
    args = parser.parse_args()
    for target in ("profile_json", "api_body", "api_nesting", "http_request", "history_csv"):
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
    profile_seeds()
    api_seeds()
    http_seeds()
    csv_seeds()
    sqlite_seeds(args.msfit)
    dictionaries()


if __name__ == "__main__":
    main()
