import json, requests

BASE_URL = "http://127.0.0.1:8765"
token = "…"  # atrium token create …

def follow(last_event_id=None):
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    with requests.get(f"{BASE_URL}/api/events", headers=headers, stream=True, timeout=(5, 60)) as r:
        r.raise_for_status()
        event = {}
        for line in r.iter_lines(decode_unicode=True):
            if line == "":                       # a blank line ends an event
                if "event" in event:
                    yield event
                event = {}
            elif line.startswith(":"):           # keep-alive comment
                continue
            else:
                field, _, value = line.partition(": ")
                event[field] = value

last = None
while True:                                      # reconnect, resuming where it stopped
    try:
        for e in follow(last):
            last = e.get("id", last)
            if e["event"] == "resync":
                print("re-read everything:", json.loads(e["data"])["reason"])
            elif e["event"].startswith("session."):
                s = json.loads(e["data"])
                print(e["event"], s["workspace_name"], s["status"])
    except requests.RequestException:
        pass
