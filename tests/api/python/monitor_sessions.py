import requests
import time
from datetime import datetime, timezone

BASE_URL = "https://your-domain.com/api"
token = "your-token-here"
headers = {"Authorization": f"Bearer {token}"}

def monitor_sessions():
    """Monitor active sessions every 30 seconds"""
    while True:
        response = requests.get(f"{BASE_URL}/sessions/active", headers=headers)
        sessions = response.json()

        print(f"\n[{datetime.now(timezone.utc)}] Active Sessions: {len(sessions)}")
        for session in sessions:
            started = datetime.fromisoformat(session['started_at'].replace('Z', '+00:00'))
            duration = datetime.now(timezone.utc) - started
            print(f"  - {session['workspace_name']}")
            print(f"    Session ID: {session['id']}")
            print(f"    Duration: {duration}")
            print(f"    Tunnel: {session['tunnel_status']}")
            print(f"    MFA: {'Verified' if session['mfa_verified'] else 'Not verified'}")

        time.sleep(30)

if __name__ == "__main__":
    monitor_sessions()
