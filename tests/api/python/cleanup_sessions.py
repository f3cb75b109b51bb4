import requests
from datetime import datetime, timedelta, timezone

BASE_URL = "https://your-domain.com/api"
token = "your-token-here"
headers = {"Authorization": f"Bearer {token}"}

def cleanup_old_sessions(max_duration_hours=8):
    """Disconnect sessions running longer than max_duration_hours"""
    response = requests.get(f"{BASE_URL}/sessions/active", headers=headers)
    sessions = response.json()

    cutoff_time = datetime.now(timezone.utc) - timedelta(hours=max_duration_hours)

    for session in sessions:
        started = datetime.fromisoformat(session['started_at'].replace('Z', '+00:00'))
        if started < cutoff_time:
            print(f"Disconnecting old session: {session['workspace_name']}")
            requests.post(
                f"{BASE_URL}/sessions/{session['id']}/disconnect",
                headers=headers
            )
            print(f"  Session {session['id']} disconnected")

if __name__ == "__main__":
    cleanup_old_sessions(max_duration_hours=8)
