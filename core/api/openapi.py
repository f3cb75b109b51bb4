#!/usr/bin/env python3
"""Generates openapi.json, the API reference Atrium serves at /api/openapi.json.

Run it after changing a route or a decision: `python3 core/api/openapi.py`.
tst_openapi fails when the router and this document disagree about the routes.
"""
import json
import pathlib
import sys

VERSION = "0.1.0"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties, required=None, description=None, extra=None):
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    if extra is not None:
        schema["additionalProperties"] = extra
    return schema


IMAGE_CHOICE = ("Any non-empty id is accepted when the workspace is created. A real hypervisor host boots only images installed in Atrium's image catalog (manifests in DATA_DIR/images or /usr/share/atrium/images, e.g. atrium-tiny from installer/build-guest-image.sh) and refuses to start one it does not have with 400 INVALID_IMAGE; a Linux VM with no image boots atrium-tiny when installed, else a blank disk. The simulated host (test:///default) boots nothing and accepts any id.")

S = {"type": "string"}
B = {"type": "boolean"}
I = {"type": "integer"}
N = {"type": "number"}
TIME = {"type": "string", "format": "date-time", "example": "2026-03-05T14:30:00.000Z"}


def nullable(schema):
    return {**schema, "nullable": True}


def enum(*values):
    return {"type": "string", "enum": list(values)}


def json_body(schema, description=None):
    body = {"required": True, "content": {"application/json": {"schema": schema}}}
    if description:
        body["description"] = description
    return body


def response(description, schema=None):
    r = {"description": description}
    if schema is not None:
        r["content"] = {"application/json": {"schema": schema}}
    return r


def errors(surface, *codes):
    schema = {"bearer": ref("DetailError"), "apikey": ref("V1Error"), "client": ref("EnvelopeError")}[surface]
    words = {
        400: "Malformed JSON, a wrong type, a value out of range or an unknown field (the message and `field` name it), "
             "or a path with an encoded '/' (INVALID_PATH)",
        401: "No credential, or a bad or expired one",
        402: "A quota is full",
        403: "The credential lacks the role or scope, or the request is cross-site",
        404: "Not found (or not visible to this caller)",
        409: "The workspace's state forbids this (the message says which state)",
        413: "Body larger than 1 MiB (refused before it is uploaded)",
        415: "A body that is not sent as application/json (text/plain, a form, no Content-Type)",
        421: "The Host header names another server (DNS rebinding protection)",
        429: "Too many failed authentications from this address",
        500: "Provisioning or the store failed",
        502: "libvirt refused the operation (its message is included)",
        503: "The hypervisor host is unreachable",
    }
    return {str(c): response(words[c], schema) for c in codes}


def param(name, where="query", schema=S, description=None, required=False):
    p = {"name": name, "in": where, "schema": schema, "required": required or where == "path"}
    if description:
        p["description"] = description
    return p


ID = param("id", "path", description="Workspace id")

BEARER = [{"bearer": []}, {"apiKey": []}]
APIKEY = [{"apiKey": []}, {"bearer": []}]
CLIENT = [{"clientId": [], "clientSecret": []}]

schemas = {
    "DetailError": obj({"detail": S, "code": S, "field": S}, ["detail", "code"],
                       "Errors of /api/… (documents 000 and 002): `detail` as documented, plus a stable `code`."),
    "V1Error": obj({"error": obj({"code": S, "message": S, "field": S}, ["code", "message"])}, ["error"],
                   "Errors of /api/v1/… (document 001 defines none; this is Atrium's shape)."),
    "EnvelopeError": obj({"success": {"type": "boolean", "enum": [False]}, "error": S, "code": S, "field": S},
                         ["success", "error", "code"],
                         "Errors of /workspace… (document 003): `code` is one of its table (MISSING_USER_ID, "
                         "INVALID_NAMESPACE, INVALID_NAME_LENGTH, INVALID_IMAGE, INVALID_CONFIG, SANDBOX_LIMIT_REACHED, "
                         "RESOURCE_NOT_ALLOWED, POOL_LIMIT_REACHED, RUNNING_POOL_REACHED, VM_UNAVAILABLE, CREATE_FAILED) "
                         "or WORKSPACE_NOT_FOUND, INVALID_INPUT, INVALID_STATE."),
    "Workspace": obj({
        "id": S, "name": S, "type": enum("html5", "rdp", "web", "linux", "browser", "windows", "dev", "admin"),
        "description": S, "image_url": S,
        "status": {**enum("available", "running", "stopped", "error"),
                   "description": "Documents 000 and 002 speak of sessions, and so does this field: `running` while an active "
                                  "session uses the workspace (a launch makes it so), `available` when nobody does and it can be "
                                  "launched (after a disconnect or a stop, as document 002 says) — a VM whose domain keeps running "
                                  "with nobody connected is `available`, and `state` says `running` (as do v1's phase and the "
                                  "micro-VM info). `stopped`: an admin took it out of service (launch is refused until it is set "
                                  "back to `available`); `error`: the last operation failed (`status_message` says why)."},
        "state": {**enum("available", "pending", "running", "stopping", "paused", "stopped", "error"),
                  "description": "Atrium's exact lifecycle state (an addition to document 000): for a VM, its domain's."},
        "status_message": {**S, "description": "Why it is in error, or what it is doing."},
        "cpu": {**S, "example": "4 vCPU"}, "memory": {**S, "example": "8 GB"}, "storage": {**S, "example": "100 GB"},
        "url": S, "connection_type": enum("html5", "web", "vnc", "browser"), "requires_netbird": B, "icon": S,
        "host": {**nullable(S), "description": "VM types only: the libvirt URI the domain lives on (null until first launch)."},
    }, ["id", "name", "type", "description", "image_url", "status", "cpu", "memory", "storage", "url",
        "connection_type", "requires_netbird", "icon", "state"],
        "linux, windows and dev are libvirt VMs: their console is the session's stream, and url, connection_type and "
        "requires_netbird do not apply to them. html5, rdp, web and admin are remote endpoints reached at url (a launch "
        "with an empty url is 409); browser is an isolated browser in the desktop window."),
    "WorkspaceCreate": obj({
        "name": S, "type": enum("html5", "rdp", "web", "linux", "browser", "windows", "dev", "admin"),
        "description": S, "url": {**S, "default": ""}, "connection_type": {**enum("html5", "web", "vnc", "browser"), "default": "web"},
        "requires_netbird": {**B, "default": True}, "cpu": {**S, "default": "2 vCPU"}, "memory": {**S, "default": "4 GB"},
        "storage": {**S, "default": "50 GB"}, "image_url": {**S, "default": ""}, "icon": {**S, "default": "default"},
        "host": {**S, "description": "Atrium addition: the libvirt host URI for a VM type (default: the first host)."},
        "image": {**S, "description": "Atrium addition: the base image of a VM type. " + IMAGE_CHOICE},
        "health_checks": {**B, "description": "Atrium addition: let Atrium check the endpoint's reachability in the background "
                          "(a timed TCP handshake every minute, and at once when turned on or when the URL changes). Off by default: "
                          "otherwise Atrium contacts an endpoint only at a launch or when asked (POST .../reachability)."},
    }, ["name", "type", "description"], "Unknown fields are refused (400). Sizes are strings with a unit: MB, GB, TB (binary: "
       "1 GB = 1024 MB) or Mi, Gi, Ti; cpu is a string (\"4 vCPU\" or \"4\"): a JSON number is refused (400), never coerced. "
       "Limits: name 1-255 characters, description up to 4,000, cpu 1-256, memory at least 64 MB; url and image_url are "
       "absolute http(s) URLs (or empty); icon is an identifier (letters, digits, '-', '_', up to 64).", False),
    "WorkspaceUpdate": obj({
        "id": {**S, "description": "Accepted only when equal to the path id (so an object read can be sent back)."},
        "state": {**S, "description": "Read-only: accepted and ignored."}, "status_message": {**S, "description": "Read-only: accepted and ignored."},
        "name": S, "type": S, "description": S, "url": S, "connection_type": S, "requires_netbird": B, "cpu": S,
        "memory": S, "storage": S, "image_url": S, "icon": S, "host": S, "image": S, "health_checks": B,
        "status": {**enum("available", "running", "stopped", "error"),
                   "description": "Only `available` and `stopped` can be set: `running` and `error` are facts Atrium "
                                  "observes (400). A workspace that is running must be stopped first (409)."},
    }, None, "All fields optional. Resources of a running VM cannot change (409). An object read can be sent back as it "
       "is, changed where wanted: a status equal to the one read (`running` while in use, `available` while its VM runs "
       "with nobody in it) and unchanged resources are no change.", False),
    "Security": obj({
        "encrypted_tunnel": {**B, "description": "True only when a NetBird tunnel was up (agrees with tunnel_status)."},
        "identity_verified": {**B, "description": "The caller presented a valid credential."},
        "mfa_enforced": {**B, "description": "Always false: Atrium performs no MFA itself."},
        "session_recording": {**B, "description": "Always false: Atrium audits actions but records no screens."},
        "no_open_ports": {**B, "description": "True for VM consoles (reached through libvirt, no listening port); false for endpoints Atrium cannot vouch for."},
    }, ["encrypted_tunnel", "identity_verified", "mfa_enforced", "session_recording", "no_open_ports"]),
    "Launch": obj({
        "session_id": {**S, "format": "uuid", "description": "UUID version 4"},
        "workspace": ref("Workspace"),
        "stream_url": {**S, "example": "/viewer/f47ac10b-58cc-4372-a567-0e02b2c3d479",
                       "description": "Where the session is watched: in a browser with viewer_url (which carries a ticket), "
                                      "or with a Bearer header. See GET /viewer/{id}."},
        "viewer_url": {**nullable(S), "example": "/viewer/f47ac10b-58cc-4372-a567-0e02b2c3d479?ticket=Jx3…",
                       "description": "Atrium addition: stream_url with a one-time console ticket, for a browser (which cannot "
                                      "send the Bearer token when it navigates). Good for one page load and that page's "
                                      "WebSocket, 60 s from the launch if unused, and only while the session is active; "
                                      "POST /api/sessions/{id}/ticket gives a fresh one. Relative to this server, like "
                                      "stream_url. Null only if the ticket could not be issued."},
        "connection_url": {**nullable(S), "description": "Atrium addition: the endpoint URL (null for VMs, whose console opens in Atrium's viewer)."},
        "tunnel_status": {**enum("encrypted", "disconnected", "unavailable", "not_required"),
                          "description": "Measured when the session starts: `encrypted` only while NetBird's interface (wt0) is up; "
                                         "`not_required` for a VM on a local host."},
        "security": ref("Security"),
    }, ["session_id", "workspace", "stream_url", "viewer_url", "tunnel_status", "security"]),
    "ConsoleTicket": obj({
        "session_id": S,
        "ticket": {**S, "description": "256 random bits (base64url). Atrium keeps only its SHA-256."},
        "viewer_url": {**S, "description": "/viewer/{session}?ticket=…: open it in a browser."},
        "expires_at": {**TIME, "description": "60 s after issue; a ticket nobody used is void after it."},
    }, ["session_id", "ticket", "viewer_url", "expires_at"]),
    "Session": obj({
        "id": {**S, "format": "uuid"}, "user_id": S, "user_email": S, "workspace_id": S, "workspace_name": S,
        "workspace_type": S, "status": enum("active", "disconnected", "terminated"), "started_at": TIME,
        "ended_at": nullable(TIME),
        "ip_address": {**S, "description": "The client's real address (document 002's default 10.0.0.1 is never invented)."},
        "tunnel_status": enum("encrypted", "disconnected", "unavailable", "not_required"),
        "mfa_verified": {**B, "description": "Whether MFA was performed: always false, Atrium performs none."},
    }, ["id", "user_id", "user_email", "workspace_id", "workspace_name", "workspace_type", "status", "started_at",
        "ended_at", "ip_address", "tunnel_status", "mfa_verified"]),
    "Message": obj({"message": S}, ["message"]),
    "V1Resources": obj({"cpu": {**S, "example": "4"}, "memory": {**S, "example": "16Gi"},
                        "gpu": {**S, "description": "Atrium's hosts have no GPUs: anything but \"0\" is refused (403 RESOURCE_NOT_ALLOWED)."},
                        "gpuType": S, "storage": {**S, "example": "50Gi"}}, None, None, False),
    "V1WorkspaceSummary": obj({
        "id": S, "name": S, "description": S,
        "status": {**enum("pending", "running", "stopped", "failed", "terminated"),
                   "description": "The workspace's own state (not its sessions'): running while its VM runs (or stops, or is "
                                  "paused; `state` says which). `terminated` never appears: a deleted workspace is gone."},
        "state": S,
        "environmentType": {**enum("jupyter", "vscode", "rstudio", "custom"),
                            "description": "As created on this surface; `custom` for every workspace made elsewhere (the "
                                           "default catalog, document 000 or 003), whose kinds this document does not know."},
        "image": {**S, "description": "Atrium's image id the VM boots (its image catalog); \"\" when none was chosen: the host's "
                                      "default (atrium-tiny when installed, else a blank disk) — Atrium's \"environment type "
                                      "default\" — and for remote endpoints, which have no image."},
        "organizationId": {**S, "description": "Atrium has no organizations: always \"\"."},
        "ownerId": {**S, "description": "\"\" for the shared catalog (workspaces an admin made for everyone)."},
        "url": {**S, "description": "A remote endpoint's URL; \"\" for VMs, whose console opens through the session."},
        "projectId": {**S, "description": "As given at creation; \"\" when none."}, "createdAt": TIME, "updatedAt": TIME,
    }, ["id", "name", "description", "status", "state", "environmentType", "image", "organizationId", "ownerId", "url",
        "projectId", "createdAt", "updatedAt"],
        "Every field the document types as a string is a string on every workspace, whichever surface made it: \"\" says none."),
    "V1ResourceAmounts": obj({"cpu": {**S, "example": "4"}, "memory": {**S, "example": "16Gi"}, "gpu": {**S, "enum": ["0"]},
                              "gpuType": {**S, "enum": [""]}, "storage": {**S, "example": "50Gi"}},
                             ["cpu", "memory", "gpu", "gpuType", "storage"], "What the workspace has (no GPUs: gpu \"0\", gpuType \"\")."),
    "V1Workspace": {"allOf": [ref("V1WorkspaceSummary"), obj({
        "resources": ref("V1ResourceAmounts"),
        "owner": obj({"id": S, "name": S, "email": S}, ["id", "name", "email"],
                     "The owner: all three \"\" for the shared catalog; only the id for an owner who has since been removed."),
        "volumeIds": {"type": "array", "items": S}}, ["resources", "owner", "volumeIds"])]},
    "V1WorkspaceCreate": obj({"name": S, "description": S, "environmentType": enum("jupyter", "vscode", "rstudio", "custom"),
                              "image": S, "resources": ref("V1Resources"), "projectId": S},
                             ["name", "description", "environmentType"],
                             "Creates a `dev` VM owned by the caller (defaults: 2 vCPU, 4Gi, 50Gi).", False),
    "V1WorkspaceUpdate": obj({"name": S, "description": S, "image": S, "resources": ref("V1Resources")}, None,
                             "resources only while stopped (409 otherwise).", False),
    "V1Action": obj({"message": S, "workspaceId": S, "status": enum("pending", "running", "stopped", "failed"), "state": S},
                    ["message", "workspaceId", "status", "state"],
                    "Answered at once. start: `status` is what the workspace is now (a VM is `pending` while it boots, a remote "
                    "endpoint `running` at once); restart: `pending`; stop: `stopped`, the state it is going to, as the document "
                    "shows (`state` and GET /status show the way there)."),
    "V1Status": obj({"phase": enum("Pending", "Running", "Stopping", "Paused", "Stopped", "Failed"), "ready": B, "message": S,
                     "conditions": {"type": "array", "items": obj({
                         "type": {**S, "description": "HostConnected, Provisioned (VMs), TunnelUp (endpoints that need NetBird), Ready"},
                         "status": enum("True", "False", "Unknown"), "lastTransitionTime": TIME, "message": S})}}),
    "V1Metrics": obj({
        "cpuUsage": {**S, "description": "vCPUs' worth of work, from cpu.time deltas, e.g. \"0.35\"; \"\" when not measured"},
        "memoryUsage": {**S, "description": "a binary quantity, e.g. \"12.8Gi\" or, below 1 Gi, \"86.4Mi\": the guest's own figure when its balloon driver reports one, else QEMU's resident memory; \"\" when not measured"},
        "gpuUsage": {**S, "description": "always \"\": no GPUs"},
        "diskUsage": {**S, "description": "space the disk occupies on the host (Gi, or Mi below 1 Gi); \"\" when not measured"},
        "sampledAt": TIME,
        "unavailable": {"type": "object", "additionalProperties": S,
                        "description": "For every metric that is \"\", why (a stopped workspace, a simulated host, a remote endpoint, no sample yet…). Never invented."},
    }, ["cpuUsage", "memoryUsage", "gpuUsage", "diskUsage", "unavailable"],
        "Strings, as documented, on every workspace: a value nobody measured is \"\" and `unavailable` says why."),
    "V1Logs": obj({"workspaceId": S, "logType": enum("build", "deploy", "pod"),
                   "logs": {**S, "description": "build: what provisioning did; deploy: lifecycle (launch, stop, sessions); pod: what libvirt reported about the domain."}}),
    "MicroVm": obj({
        "id": S, "name": S, "namespace": S, "mode": enum("permanent", "temporary"), "image": S,
        "ip": {**S, "description": "\"\": Atrium does not read guest addresses (libvirt's NAT network hands them out by DHCP)"},
        "uptime": I,
        "start_time": {**S, "description": "when it started (date-time, as created_at); \"\" while it is not running"},
        "info": obj({"status": enum("running", "stopped", "paused", "creating", "starting", "stopping", "error"),
                     "is_running": B, "user_requested_stop": B}),
        "access": obj({"ssh_enabled": {**B, "description": "false: Atrium offers no SSH"}}),
        "network": obj({"allow_internet": B, "ingress_ports": {"type": "array", "items": I}, "egress_ports": {"type": "array", "items": I},
                        "egress": {"type": "array", "items": S}, "public_access": B, "ingress": {"type": "array", "items": S},
                        "connected": {**B, "description": "Atrium addition: the guest runs with a network interface."}},
                       ["allow_internet", "ingress_ports", "egress_ports", "egress", "public_access", "ingress", "connected"],
                       "What the guest really has: with allow_internet a NIC on libvirt's NAT network `default`, else none. "
                       "Atrium opens no inbound ports, so public_access is false and the port lists are empty whatever "
                       "config.network_config.public_ingress asks."),
        "public_ports": {"type": "array", "items": obj({"port": I, "hash": S, "label": S, "url": S})},
        "resources": obj({"cpus": I, "memory_mb": I, "disk_size_mb": I}),
        "status_message": {**nullable(S), "description": "Atrium addition: why it is in error, or what it is doing; null otherwise"},
        "created_at": TIME, "updated_at": TIME,
    }, ["id", "name", "namespace", "mode", "image", "ip", "uptime", "start_time", "info", "access", "network", "public_ports",
        "resources", "created_at", "updated_at"]),
    "MicroVmConfig": obj({
        "cpus": {**I, "minimum": 1, "maximum": 32, "default": 1}, "memory_mb": {**I, "minimum": 128, "maximum": 65536, "default": 512},
        "writable_size_mb": {**I, "minimum": 64, "maximum": 204800, "default": 512},
        "ttl": {**S, "description": "e.g. 30m, 1h; temporary mode only"}, "ttl_action": enum("stop", "remove"),
        "remove_on_exit": B, "restart_policy": enum("no", "always", "on-failure"), "max_restarts": I, "keep_logs": B,
        "static_network": B, "network_config": obj({"allow_internet": B, "public_ingress": B}, None, None, False),
        "ssh_access": B, "env": {"type": "array", "items": obj({"key": S, "value": S}, ["key", "value"])},
        "cmd": {"type": "array", "items": S}, "workloads": {"type": "array", "items": {}}, "wait_for_init": B,
        "proxy_assignment_id": I,
    }, None, "Unknown or mistyped fields: 400 INVALID_CONFIG. Above the quota's limits: 403 RESOURCE_NOT_ALLOWED.", False),
    "MicroVmCreate": obj({"name": {**S, "maxLength": 255, "description": "default: the image id"},
                          "image": {**S, "description": IMAGE_CHOICE},
                          "namespace": {**S, "pattern": "^[A-Za-z0-9-]{1,63}$", "default": "default"},
                          "mode": {**enum("permanent", "temporary"), "default": "temporary"},
                          "config": ref("MicroVmConfig"), "type": {**enum("linux", "windows", "dev"), "default": "linux"}},
                         ["image"], "Creates the workspace and starts it. With config.wait_for_init the answer comes once the VM runs.", False),
    "Quota": obj({"success": B, "plan": S, "planLabel": S, "limits": obj({}), "pool": obj({}), "pool_usage": obj({}),
                  "running_pool": obj({}), "running_pool_usage": obj({}), "maxSandboxes": I, "currentSandboxes": I,
                  "canCreate": B, "reason": nullable(S)},
                 None, "limits: document 003's ranges, lowered to what the largest connected host has; pools: the configured pools, "
                       "by default the connected hosts' total CPUs and memory; usage: this client's workspaces (and the running ones)."),
    "Reachability": obj({"workspace_id": S, "measured": B, "reachable": nullable(B), "rtt_ms": nullable(N),
                         "target": nullable(S), "error": nullable(S), "checked_at": nullable({**S, "format": "date-time"})},
                        ["workspace_id", "measured", "reachable", "rtt_ms", "target", "error", "checked_at"],
                        "rtt_ms: the TCP handshake in milliseconds, null when not reachable; error says why it is not."),
    "MetricsHistory": obj({
        "workspace_id": S, "window": enum("15m", "1h", "24h", "7d"),
        "resolution": {**enum("full", "minute"), "description": "full: every sampling tick (15m, 1h); minute: minute averages (24h, 7d)"},
        "interval_seconds": {**N, "description": "the sampling interval (full) or 60 (minute)"},
        "from": TIME, "to": TIME,
        "series": {"type": "array", "items": S, "description": "the series every point carries: cpu_percent (of the VM's vCPUs, 0-100, "
                   "from cpu.time deltas), memory_used_mb (the guest's own view with balloon statistics, else QEMU's resident memory), "
                   "disk_read_bps, disk_write_bps, net_rx_bps, net_tx_bps (bytes/s from counter deltas)"},
        "points": {"type": "array", "items": obj({
            "at": {**TIME, "description": "when the sample was taken (full) or the minute's start (minute)"},
            "samples": {**I, "description": "minute resolution only: how many samples the average is made of"},
            "cpu_percent": nullable(N), "memory_used_mb": nullable(N), "disk_read_bps": nullable(N), "disk_write_bps": nullable(N),
            "net_rx_bps": nullable(N), "net_tx_bps": nullable(N)}, ["at"]), "description": "oldest first; null: not measured at that instant"},
        "unavailable": {"type": "array", "items": obj({"series": S, "metric": enum("cpu", "memory", "disk", "network"), "reason": S},
                                                       ["series", "metric", "reason"]),
                        "description": "the series with no value anywhere in the window, and why"},
    }, ["workspace_id", "window", "resolution", "interval_seconds", "from", "to", "series", "points", "unavailable"]),
    "Virtualization": obj({
        "setting": {**enum("auto", "kvm", "emulation"), "description": "the admin's choice, remembered with the host: auto (KVM when "
                    "libvirt offers it and it works, else emulation), kvm (always; a start KVM fails is an error), emulation (QEMU's TCG)"},
        "in_use": {**enum("kvm", "qemu", "test"), "description": "the domain type the host's domains are defined with now"},
        "kvm_offered": {**B, "description": "libvirt offers KVM domains on this host (false until connected)"},
        "kvm_unusable": {**B, "description": "in auto, a start failed because of KVM itself (not the guest's configuration): the "
                         "domain was started under emulation and the host emulates until an admin changes the setting"},
        "kvm_failure": {**nullable(S), "description": "QEMU's own words when KVM failed; null when it never did"},
        "kvm_failed_at": nullable(TIME),
        "summary": {**S, "description": "in plain words, e.g. \"KVM\", \"KVM unusable here: emulating\""},
    }, ["setting", "in_use", "kvm_offered", "kvm_unusable", "kvm_failure", "kvm_failed_at", "summary"]),
    "Health": obj({"status": {**enum("ok", "degraded"), "description": "degraded while a host is not connected"},
                   "version": S, "uptime_seconds": I, "workspaces": I, "tunnel_status": S,
                   "hosts": {"type": "array", "items": obj({"id": S, "uri": S, "state": S, "simulated": B,
                                                              "virtualization": ref("Virtualization")})},
                   "warnings": {"type": "array", "items": S,
                                "description": "what an admin should know, in plain words (e.g. a host where KVM is unusable)"}}),
    "AuditEntry": obj({"id": I, "at": TIME, "actor_id": S, "actor_email": S, "action": S, "target": S, "success": B, "detail": S}),
    "Host": obj({"id": {**S, "description": "stable short id of the URI, for /api/hosts/{id}"}, "uri": S,
                 "state": {**enum("connecting", "connected", "disconnected", "failed", "needs_credentials"),
                           "description": "needs_credentials: the host asked for credentials Atrium does not have, or refused the "
                                          "ones it gave; it is not retried until an admin gives them in the window"},
                 "simulated": B, "hypervisor": S,
                 "virt_type": {**S, "description": "the same as virtualization.in_use"}, "virtualization": ref("Virtualization"),
                 "hostname": S, "cpus": I, "memory_mb": I, "free_memory_mb": I, "running_domains": I, "last_error": S,
                 "credentials_needed": {"type": "array", "description": "only when state is needs_credentials: what the host asked, "
                                        "in its own words (an empty prompt: asked next, after the one before)",
                                        "items": obj({"kind": enum("username", "password", "key_passphrase"), "prompt": S},
                                                     ["kind", "prompt"])},
                 "credentials_refused": {**B, "description": "only when state is needs_credentials: the host refused the answers Atrium gave"},
                 "display_name": {**S, "description": "what people call the host (set by an admin; else derived from the URI: "
                                  "the remote host's name and port, \"local\" for this machine, \"simulator\")"},
                 "show_foreign_domains": {**B, "description": "whether domains Atrium did not create are workspaces"}}),
}


def op(operation_id, summary, tags, security, responses, description=None, parameters=None, body=None):
    o = {"operationId": operation_id, "summary": summary, "tags": tags, "responses": responses}
    if security is not None:
        o["security"] = security
    if description:
        o["description"] = description
    if parameters:
        o["parameters"] = parameters
    if body:
        o["requestBody"] = body
        # A body is read only when it is JSON and fits: the same refusals on every surface.
        surface = {"DetailError": "bearer", "V1Error": "apikey", "EnvelopeError": "client"}[
            responses["401"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
        for code, r in errors(surface, 400, 413, 415).items():
            responses.setdefault(code, r)
    return o


W000 = ["Workspaces (document 000)"]
S002 = ["Sessions (document 002)"]
V001 = ["Workspaces API v1 (document 001)"]
M003 = ["Micro-VM workspaces (document 003)"]
OWN = ["Atrium"]
admin = "Requires the admin role (403 `Admin access required`)."
# Every operation can meet these: no or a bad credential, a cross-site browser request (403),
# a Host that is not this server, the failed-authentication throttle.
bearer_err = lambda *c: errors("bearer", 400, 401, 403, 421, 429, *c)
v1_err = lambda *c: errors("apikey", 400, 401, 403, 421, 429, *c)
client_err = lambda *c: errors("client", 400, 401, 403, 421, 429, *c)

paths = {
    "/api/health": {"get": op("getHealth", "Liveness, version, uptime and hosts' state", OWN, [], {"200": response("OK", ref("Health")), **errors("bearer", 421)},
                              "No credential needed.")},
    "/api/openapi.json": {"get": op("getOpenApi", "This document", OWN, [], {"200": response("OpenAPI 3.0"), **errors("bearer", 421)})},
    "/api/audit": {"get": op("listAuditEntries", "Audit log, newest first", OWN, BEARER, {
        "200": response("A page", obj({"total": I, "limit": I, "offset": I, "entries": {"type": "array", "items": ref("AuditEntry")}})),
        **bearer_err(400, 403)}, admin, [param("action"), param("actor", description="actor id or email"), param("target"),
                                       param("since", schema={**S, "format": "date-time"}), param("until", schema={**S, "format": "date-time"}),
                                       param("limit", schema={**I, "default": 50, "maximum": 500}), param("offset", schema={**I, "default": 0})])},
    "/api/hosts": {"get": op("listHosts", "libvirt hosts and their capacity", OWN, BEARER,
                             {"200": response("Hosts", {"type": "array", "items": ref("Host")}), **bearer_err()})},
    "/api/hosts/{id}": {"patch": op("updateHost", "Change a host's settings", OWN, BEARER,
                                    {"200": response("The host as it is now", ref("Host")), **bearer_err(400, 403, 404, 409, 413)},
                                    admin + " Give at least one field; every field is checked before any is applied. Each change is "
                                    "audited (set_host_virtualization, set_host_name, set_host_foreign_domains) and remembered with the "
                                    "host. virtualization: a KVM failure recorded for the host is forgotten, so in auto the next start "
                                    "tries KVM again (409 on libvirt's simulator, which virtualizes nothing). display_name: at most 64 "
                                    "characters, \"\" goes back to the derived name. show_foreign_domains: false takes the domains "
                                    "Atrium did not create out of the catalog (they stay on the host); true adopts them again.",
                                    [param("id", "path", description="the host's id from GET /api/hosts", required=True)],
                                    json_body(obj({"virtualization": enum("auto", "kvm", "emulation"), "display_name": S,
                                                   "show_foreign_domains": B})))},
    "/api/workspaces": {
        "get": op("listWorkspaces", "List workspaces", W000, BEARER, {"200": response("Shared workspaces and the caller's own (admins see all)",
                                                                   {"type": "array", "items": ref("Workspace")}),
                                                   "304": response("Unchanged since the ETag sent in If-None-Match"), **bearer_err()},
                  "When the catalog is empty at start-up, the five default workspaces are created (document 000). "
                  "Responses carry an ETag; If-None-Match answers 304."),
        "post": op("createWorkspace", "Create a workspace", W000, BEARER, {"200": response("Created", obj({"message": S, "workspace": ref("Workspace")})),
                                                        **bearer_err(400, 403, 404, 409, 413)}, admin + " An unknown `host` is 404.",
                   body=json_body(ref("WorkspaceCreate"))),
    },
    "/api/workspaces/reset": {"post": op("resetWorkspaces", "Reset to the five defaults", W000, BEARER, {
        "200": response("Reset", obj({"message": S, "count": I})), **bearer_err(403, 409)},
        admin + " Atrium's domains of the deleted VM workspaces are removed (hosts that are down keep theirs; the audit entry lists them); active sessions end as terminated.")},
    "/api/workspaces/{id}": {
        "get": op("getWorkspace", "One workspace (Atrium addition)", W000, BEARER, {"200": response("The workspace", ref("Workspace")), **bearer_err(404)},
                  parameters=[ID]),
        "put": op("updateWorkspace", "Update a workspace", W000, BEARER, {"200": response("Updated", obj({"message": S, "workspace": ref("Workspace")})),
                                                       **bearer_err(400, 403, 404, 409, 413)}, admin, [ID], json_body(ref("WorkspaceUpdate"))),
        "delete": op("deleteWorkspace", "Delete a workspace", W000, BEARER, {"200": response("Deleted", ref("Message")), **bearer_err(400, 404, 409, 502, 503)},
                     admin + " What happens to a VM's domain: by default, a domain Atrium created is undefined and its "
                     "disk removed; a domain Atrium found on the host (not created by it) is forgotten: it stays on the host, "
                     "running or not, and is not shown again (`domain=forget` does this for Atrium's own too). "
                     "`domain=undefine` destroys and undefines it, keeping its disks; `domain=undefine_with_disks` also "
                     "deletes the storage volumes of its data disks (files that are not libvirt volumes are kept, and the "
                     "audit entry says so). Another value is 400.",
                     [ID, param("domain", schema=enum("forget", "undefine", "undefine_with_disks"),
                                description="what to do with a VM's libvirt domain")]),
    },
    "/api/workspaces/{id}/metrics/history": {"get": op("getWorkspaceMetricsHistory", "A workspace's metrics over a window (Atrium addition)", OWN, BEARER, {
        "200": response("The history", ref("MetricsHistory")), **bearer_err(400, 404)},
        "Anyone who may see the workspace may read it (as GET /api/workspaces/{id}). 15m and 1h come at full resolution "
        "(one point per sampling tick, every 2 s) from the last hour Atrium keeps in memory; 24h and 7d come as minute "
        "averages kept in the store for 30 days, the minute in progress included. A value the host did not measure is "
        "null in its point, never zero; a series with no value in the whole window is listed in `unavailable` with the "
        "reason (a host that measures nothing, such as the simulator test:///default; a VM without a NIC or disk; a "
        "remote endpoint; a workspace that is not running). A bad window is 400 with field `window`; the workspace is "
        "checked first (404).",
        [ID, param("window", schema={**enum("15m", "1h", "24h", "7d"), "default": "1h"})])},
    "/api/workspaces/{id}/reachability": {
        "get": op("getWorkspaceReachability", "The last reachability measurement of a remote endpoint (Atrium addition)", OWN, BEARER, {
            "200": response("The last measurement; measured=false and nulls when never measured", ref("Reachability")),
            **bearer_err(404)}, "Reading it sends no traffic.", [ID]),
        "post": op("probeWorkspaceReachability", "Measure now whether a remote endpoint answers (Atrium addition)", OWN, BEARER, {
            "200": response("The measurement", ref("Reachability")), **bearer_err(403, 404, 409)},
            "A TCP handshake with the host and port of the workspace's URL (port from the URL, else 443 for https, "
            "3389 for rdp, 80 otherwise), timed from the end of the name lookup, closed without sending a byte, with a "
            "5 s limit. Atrium probes an endpoint only when asked like this, when someone launches it, or every minute when its "
            "health_checks is on. A VM is not probed (409); needs "
            "workspaces:write. The result is also written to the workspace's lifecycle log.", [ID]),
    },
    "/api/workspaces/{id}/launch": {"post": op("launchWorkspace", "Launch: start if needed and open a session", W000, BEARER, {
        "200": response("Launched", ref("Launch")), **bearer_err(400, 404, 409, 500, 502, 503)},
        "A VM's domain is defined on first launch and started; the answer comes once it runs. A remote endpoint that "
        "requires NetBird is refused with 409 TUNNEL_DOWN while the tunnel is down. A workspace set to `stopped` is refused (409).",
        [ID])},
    "/api/workspaces/{id}/stop": {"post": op("stopWorkspace", "Stop and terminate its sessions", W000, BEARER, {
        "200": response("Stopped", ref("Message")), **bearer_err(404, 409, 502, 503)},
        "A VM is asked to shut down (ACPI) and destroyed if still running after the stop timeout (default 30 s); the answer "
        "comes once it is off. Stopping a workspace that is not running is 409 `Workspace is not running`.", [ID])},
    "/api/sessions": {"get": op("listSessions", "The caller's sessions, newest first", S002, BEARER, {
        "200": response("Sessions", {"type": "array", "items": ref("Session")}), **bearer_err(400, 403)},
        "Users see only their own. Admins may add all=true. At most 1,000 per request (limit, offset page through more).",
        [param("all", schema=B), param("limit", schema={**I, "default": 1000, "maximum": 1000}), param("offset", schema=I)])},
    "/api/sessions/active": {"get": op("listActiveSessions", "The caller's active sessions", S002, BEARER, {
        "200": response("Sessions", {"type": "array", "items": ref("Session")}), **bearer_err(400, 403)}, parameters=[param("all", schema=B)])},
    "/api/sessions/{id}": {"get": op("getSession", "One session (Atrium addition)", S002, BEARER, {
        "200": response("The session", ref("Session")), **bearer_err(404)}, parameters=[param("id", "path")])},
    "/api/sessions/{id}/disconnect": {"post": op("disconnectSession", "Disconnect a session", S002, BEARER, {
        "200": response("Disconnected", ref("Message")), **bearer_err(404, 409)},
        "The session becomes `disconnected` (as document 002's status table says) with ended_at set. A remote endpoint "
        "with no other active session becomes `available`; a VM keeps running (its state is its domain's). "
        "Someone else's session is 404 (admins may disconnect any). Disconnecting twice is 409.", [param("id", "path")])},
    "/api/sessions/{id}/ticket": {"post": op("issueConsoleTicket", "A one-time ticket to watch the session in a browser (Atrium addition)", S002, BEARER, {
        "200": response("The ticket", ref("ConsoleTicket")), **bearer_err(404, 409)},
        "For the session's user, or an admin (who then watches as themselves: the ticket is bound to the caller and the "
        "session, and audited so). A session that has ended is 409. A ticket is good for one page load and that page's "
        "WebSocket, expires 60 s after issue if unused, and dies with the session; at most 32 are outstanding per session "
        "(the oldest go first). Atrium stores only their SHA-256, in memory.", [param("id", "path")])},
    "/viewer/{id}": {"get": op("openSessionViewer", "The session's stream: a browser console (the launch response's stream_url)", S002, [{"bearer": []}, {"apiKey": []}, {"consoleTicket": []}, {"pageKey": []}], {
        "200": {"description": "A VM session: the console page (noVNC against this server's WebSocket), for a browser — a "
                               "request with a ticket or the page's cookie, or one that accepts text/html. A script that sends "
                               "its token without asking for HTML gets JSON instead: for a VM, a fresh viewer_url to hand to a "
                               "browser; for an isolated browser, that it opens in the desktop window (a page saying so for browsers).",
                "content": {"text/html": {"schema": S},
                            "application/json": {"schema": obj({"session_id": S, "workspace_id": S, "kind": enum("vnc", "browser"),
                                                                "viewer_url": S, "message": S}, ["session_id", "workspace_id", "kind", "message"])}}},
        "307": response("An endpoint session (html5, web, rdp, admin): Location is the endpoint's URL", obj({"session_id": S, "workspace_id": S, "kind": S, "url": S})),
        **errors("bearer", 400, 421),
        "429": response("Past 10 refused tickets or keys a minute from one address, the rest of that minute (not audited)", ref("DetailError")),
        "401": response("No credential; or a ticket that is unknown, already used, expired (60 s) or whose session ended; "
                        "or a page key that is not this session's. Audited (refuse_browser_console).", ref("DetailError")),
        "403": response("A ticket issued to another user than the Bearer token's, or for another session; a token without "
                        "workspaces:read. Audited.", ref("DetailError")),
        **bearer_err(404, 409), "503": response("noVNC is not installed where Atrium looks (ATRIUM_NOVNC_DIR, default /usr/share/novnc)", ref("DetailError"))},
        "Credentials, any one of: `Authorization: Bearer` (or X-API-Key) of the session's user or an admin; the `ticket` "
        "query parameter (viewer_url; spent by this load); the page key cookie this page set (`atrium_viewer`, HttpOnly, "
        "SameSite=Strict, Path=/viewer/{id}: the page's modules, its WebSocket and a reload). Only while the session is "
        "active. The page is served with a strict Content-Security-Policy, no-referrer and no framing; it removes the ticket "
        "from the address bar. The console: keyboard (a Ctrl+Alt+Del button), mouse, scaling, the guest's clipboard as "
        "text where its VNC server supports it, reconnecting while the VM's display comes back, and the reason shown when "
        "it closes.\n\n"
        "**The WebSocket**: `GET /viewer/{id}/websocket` with `Upgrade: websocket` (RFC 6455, version 13) carries the VM's "
        "VNC (RFB) byte stream as binary messages, reached through libvirt (virDomainOpenGraphicsFD locally, an SSH tunnel "
        "to remote hosts): no VNC port is opened. Same origin only (an `Origin` other than this server is 403, audited); "
        "the Host check applies; credential as above (Bearer, an unused ticket, or the page key, which admits one WebSocket "
        "at a time). Refusals are plain HTTP answers (401, 403, 404, 409 when the VM does not run, 426 for another "
        "WebSocket version, 503 when 64 consoles are open). Every console is audited when it opens and when it ends "
        "(open_browser_console, close_browser_console: who, from where, how long, who ended it). Close codes: 4000 the "
        "session ended (disconnected, or the workspace stopped or deleted), 4001 the VM's display closed, 1000/1001 normal. "
        "A VM that stops on its own (a crash, a destroy from outside) ends the session too, but the open page keeps its "
        "key for up to 10 minutes: once the VM runs again its WebSocket opens a new session for the same person (as "
        "the desktop viewer does); until then it is 409.\n\n"
        "**Closing the tab** ends the session as closing the desktop viewer does (document 002: `disconnected`) when the "
        "viewer is the session's own user; an admin watching someone's session leaves it running. Several viewers of one "
        "session are allowed only to its user and admins (only they get tickets). A plain GET of the WebSocket's path is 404: it is not an HTTP resource.", [param("id", "path"),
        param("ticket", description="A one-time console ticket (viewer_url)")])},
    "/viewer/{id}/novnc/{path}": {"get": op("viewerModule", "noVNC's modules, for the console page", S002, [{"bearer": []}, {"apiKey": []}, {"consoleTicket": []}, {"pageKey": []}], {
        "200": {"description": "The JavaScript module", "content": {"text/javascript": {"schema": S}}},
        **bearer_err(404)},
        "Debian's noVNC (core/… and vendor/… .js only; `path` may hold '/'). For the page that holds this session's page "
        "key (or a Bearer token).", [param("id", "path"), param("path", "path")])},
    "/api/events": {"get": op("followEvents", "Every change, as it happens (server-sent events; Atrium addition)", OWN, BEARER, {
        "200": {"description": "A `text/event-stream` that does not end. Each event: `id:` (a number that only rises, also "
                               "across restarts), `event:` its type, `data:` one line of JSON — the object exactly as that "
                               "surface's GET shows it: `workspace.created|updated` (GET /api/workspaces/{id}; with "
                               "surface=v1 GET /api/v1/workspaces/{id}; with surface=microvm the `workspace` of GET "
                               "/workspace/{id}), `workspace.deleted` ({\"id\"}), `session.created|updated` (GET "
                               "/api/sessions/{id}), `host.updated` (an entry of GET /api/hosts, or {\"uri\", \"removed\": true}), "
                               "`audit.created` (an entry of GET /api/audit). `resync` ({\"reason\"}) says to re-read what you "
                               "follow: the Last-Event-ID is older than the kept events, or the catalog was reset. A comment "
                               "line (`: keep-alive`) comes every 15 s. `job.updated` will come with long operations (jobs); "
                               "no operation makes one yet.",
                "content": {"text/event-stream": {"schema": S}}},
        **bearer_err()},
        "Users receive what they may see: shared workspaces and their own, their own sessions; admins everything, and "
        "only admins the audit log. With surface=microvm only the caller's own workspaces (as document 003 lists them). "
        "Resuming: send `Last-Event-ID` (EventSource does on reconnect) or `last_event_id`; every event after it that "
        "is still kept (the last 10,000) follows first, in order. A client whose unread backlog passes 4 MiB is "
        "disconnected (it may come back with Last-Event-ID); at most 256 streams are open at once (503 beyond). "
        "Same-origin and Host rules as every route. HEAD is 400: it is a stream.",
        [param("surface", schema=enum("atrium", "v1", "microvm"), description="The shape of workspace events (default atrium: document 000's)"),
         param("last_event_id", description="Resume after this event (the Last-Event-ID header wins)"),
         param("Last-Event-ID", "header", description="Resume after this event")])},
    "/api/v1/workspaces": {
        "get": op("v1ListWorkspaces", "List workspaces", V001, APIKEY, {
            "200": response("A page", obj({"count": {**I, "description": "all matches, not just this page"}, "limit": I, "offset": I,
                                           "workspaces": {"type": "array", "items": ref("V1WorkspaceSummary")}})), **v1_err(400, 403)},
            "Scope workspaces:read.",
            [param("search", description="name or description contains (case-insensitive)"),
             param("status", schema=enum("pending", "running", "stopped", "failed", "terminated")), param("projectId"),
             param("limit", schema={**I, "default": 20, "minimum": 1, "maximum": 100}), param("offset", schema={**I, "default": 0}),
             param("sort", description="FIELD:asc|desc, FIELD one of createdAt, updatedAt, name, status (default createdAt:desc); "
                                       "exactly so, lower-case direction (anything else is 400 naming sort)")]),
        "post": op("v1CreateWorkspace", "Create a workspace", V001, APIKEY, {"201": response("Created", obj({"workspaceId": S})), **v1_err(400, 403, 413)},
                   "Scope workspaces:write.", body=json_body(ref("V1WorkspaceCreate"))),
    },
    "/api/v1/workspaces/{id}": {
        "get": op("v1GetWorkspace", "One workspace", V001, APIKEY, {"200": response("The workspace", ref("V1Workspace")), **v1_err(404)}, parameters=[ID]),
        "put": op("v1UpdateWorkspace", "Update", V001, APIKEY, {"200": response("Updated", ref("V1Workspace")), **v1_err(400, 403, 404, 409)},
                  "Scope workspaces:write.", [ID], json_body(ref("V1WorkspaceUpdate"))),
        "delete": op("v1DeleteWorkspace", "Delete (must be stopped)", V001, APIKEY, {"204": response("Deleted"), **v1_err(404, 409, 502, 503)},
                     "Scope workspaces:write. A running workspace is 409.", [ID]),
    },
    "/api/v1/workspaces/{id}/start": {"post": op("v1StartWorkspace", "Start", V001, APIKEY, {"200": response("Starting", ref("V1Action")), **v1_err(400, 403, 404, 409, 502, 503)},
                                                 "A VM is started and no session is opened (400 INVALID_IMAGE when its image is "
                                                 "not installed on a real host). A remote endpoint runs elsewhere and has nothing "
                                                 "to start: starting it opens a session for the caller, as a launch does (it "
                                                 "appears in /api/sessions; stop ends it). 409 if already running.", [ID])},
    "/api/v1/workspaces/{id}/stop": {"post": op("v1StopWorkspace", "Stop", V001, APIKEY, {"200": response("Stopping", ref("V1Action")), **v1_err(403, 404, 409, 503)},
                                                "Answers at once; a VM's graceful shutdown continues (follow /status).", [ID])},
    "/api/v1/workspaces/{id}/restart": {"post": op("v1RestartWorkspace", "Restart (stop, then start)", V001, APIKEY, {
        "200": response("Restarting", ref("V1Action")), **v1_err(400, 403, 404, 409, 502, 503)}, "A stopped workspace is simply started.", [ID])},
    "/api/v1/workspaces/{id}/status": {"get": op("v1GetWorkspaceStatus", "Runtime status", V001, APIKEY, {"200": response("Status", ref("V1Status")), **v1_err(404)}, parameters=[ID])},
    "/api/v1/workspaces/{id}/metrics": {"get": op("v1GetWorkspaceMetrics", "Latest metrics", V001, APIKEY, {"200": response("Metrics", ref("V1Metrics")), **v1_err(404)},
                                                  "Sampled every 2 s with one bulk libvirt call per host.", [ID])},
    "/api/v1/workspaces/{id}/logs": {"get": op("v1GetWorkspaceLogs", "Logs", V001, APIKEY, {"200": response("Logs", ref("V1Logs")), **v1_err(400, 404)},
                                               "build: what provisioning did; deploy: the lifecycle Atrium drove; pod: what libvirt "
                                               "said about the domain, then (VMs on a real host) the last 64 KiB of the guest's serial "
                                               "console after a line `--- serial console (last N bytes) ---`, read through libvirt from "
                                               "the log volume in the host's pool (or `--- serial console: not available (why) ---`).",
                                               parameters=[ID, param("type", schema={**enum("build", "deploy", "pod"), "default": "pod"})])},
    "/api/v1/workspaces/{id}/sync": {"post": op("v1SyncWorkspace", "Flush the guest's filesystems to its disk", V001, APIKEY, {
        "200": response("Synced", obj({"message": S, "workspaceId": S, "filesystems": {**I, "description": "how many were flushed (0: stopped, already on disk)"}})),
        **v1_err(403, 404, 409, 503)},
        "Freezes and thaws the guest's filesystems through the QEMU guest agent. A guest without the agent, or a remote endpoint, is 409 with the reason.", [ID])},
    "/workspace": {
        "get": op("microVmList", "List the caller's micro-VMs", M003, CLIENT, {
            "200": response("A page", obj({"success": B, "workspaces": {"type": "array", "items": ref("MicroVm")}, "total": I, "page": I, "limit": I})),
            **client_err(400)}, "limit above 100 is lowered to 100.",
            [param("page", schema={**I, "default": 1}), param("limit", schema={**I, "default": 20, "maximum": 100}),
             param("mode", schema=enum("permanent", "temporary"))]),
        "post": op("microVmCreate", "Create and start a micro-VM", M003, CLIENT, {
            "201": response("Created", obj({"success": B, "workspace": ref("MicroVm")})),
            **client_err(400, 402, 403, 413, 500, 503)},
            "The input is checked whole (400 with the table's code) before the host and the quota are looked at. The quota "
            "counts every VM the caller owns, whichever surface created it (only this surface enforces it).",
            body=json_body(ref("MicroVmCreate"))),
    },
    "/workspace/quota": {"get": op("microVmQuota", "The caller's quota", M003, CLIENT, {"200": response("Quota", ref("Quota")), **client_err()})},
    "/workspace/{id}": {
        "get": op("microVmGet", "One micro-VM", M003, CLIENT, {"200": response("The workspace", obj({"success": B, "workspace": ref("MicroVm")})),
                                                  **client_err(404)}, parameters=[ID]),
        "put": op("microVmUpdate", "Rename or reconfigure", M003, CLIENT, {"200": response("Updated", obj({"success": B, "workspace": ref("MicroVm")})),
                                                         **client_err(400, 402, 403, 404, 409)},
                  "Only name and config; unknown fields are refused. Checked in this order: the input (400), the state — "
                  "resources change only while stopped (409; the same sizes again are no change) — then the quota, which "
                  "judges only growth (402; shrinking always fits).", [ID],
                  json_body(obj({"name": S, "config": ref("MicroVmConfig")}, None, None, False))),
        "delete": op("microVmDelete", "Delete (the VM is destroyed, its disk removed)", M003, CLIENT, {
            "200": response("Deleted", obj({"success": B, "message": S})), **client_err(404, 409, 502, 503)},
            "Create, then delete, is the document's own flow: a delete while the VM is still being provisioned (or stopped) "
            "waits for the step in flight (up to 120 s), then deletes it — it is never refused as busy.", parameters=[ID]),
    },
    "/workspace/{id}/details": {"get": op("microVmDetails", "Workspace, live stats, SSH, API access, lifecycle and config", M003, CLIENT, {
        "200": response("Details", obj({"success": B, "workspace": {"allOf": [ref("MicroVm"), obj({
            "token": {**S, "description": "A one-time console ticket for the caller's own active session on this workspace "
                      "(open /viewer/{session}?ticket=<token>, or viewer_url), issued by this request; \"\" when the caller has "
                      "no active session on it (a micro-VM start opens none: launch it through /api/workspaces/{id}/launch)."},
            "viewer_url": {**S, "description": "Atrium addition: /viewer/{session}?ticket=<token> for that session; \"\" with no token."},
            "stats": obj({"cpuUsage": nullable(N), "memoryUsage": nullable(N), "memoryUsedMB": nullable(N), "memoryTotalMB": nullable(N),
                          "networkIn": nullable(S), "networkOut": nullable(S), "unavailable": {"type": "object", "additionalProperties": S}},
                         ["cpuUsage", "memoryUsage", "memoryUsedMB", "memoryTotalMB", "networkIn", "networkOut", "unavailable"],
                         "A stopped VM uses nothing: zeros (and \"0.0 MB\"). A running one is measured, or — on a host that measures "
                         "nothing, such as libvirt's simulator, or before the first sample — null, with the reason in "
                         "`unavailable`: a number is never invented."),
            "ssh": obj({"ssh_enabled": B, "ssh_id": {**S, "description": "\"\": Atrium offers no SSH access"},
                        "connection": obj({"command": S}, ["command"], "command: \"\""), "reason": S},
                       ["ssh_enabled", "ssh_id", "connection"]),
            "api_access": obj({"terminal": B, "preview": B}),
            "lifecycle": obj({"mode": S, "restart_policy": S, "uptime": I}),
            "config": ref("MicroVmConfig")})]}})), **client_err(404)}, parameters=[ID])},
}

document = {
    "openapi": "3.0.3",
    "info": {
        "title": "Atrium REST API",
        "version": VERSION,
        "description": (
            "One engine, three documented surfaces. /api/workspaces and /api/sessions follow the Workspaces and Sessions "
            "documents (Bearer token, snake_case, {\"detail\"} errors); /api/v1/workspaces follows the Workspaces API v1 "
            "(X-API-Key, scopes workspaces:read and workspaces:write, camelCase); /workspace follows the micro-VM document "
            "(X-Client-ID = token id, X-Client-Secret = token, {\"success\"} envelope). Tokens come from `atrium token create`; "
            "one token works on every surface, and its scopes apply everywhere (GET needs workspaces:read, everything else "
            "workspaces:write).\n\n"
            "Facts, not placeholders: tunnel_status, security flags, mfa_verified and ip_address report what is true. "
            "Metrics are measured or reported as unavailable with the reason, never invented.\n\n"
            "Every field a document types as a string is a string on every object, whichever surface created it; where "
            "there is no value, \"\" (each field says what it means). Only fields marked nullable are ever null.\n\n"
            "Credentials and errors: every surface takes its documented credential (and the Bearer token, X-API-Key or "
            "client pair interchangeably where the security list says so); a missing or bad one is 401 with code "
            "MISSING_USER_ID (document 003's name for it) on every surface. Scopes apply on "
            "every surface, documents 000 and 002 included: a workspaces:read token may read but not launch, stop or "
            "disconnect (403 SCOPE_REQUIRED).\n\n"
            "HTTP: the server listens on 127.0.0.1 by default; the Host header must be this server's host[:port] and nothing "
            "else (421 otherwise: no user info, path or second port) and browsers' cross-site requests are refused (403). "
            "Paths are routed as sent, percent-encoded: an encoded '/' (%2F) or NUL in a segment is 400 INVALID_PATH, other "
            "escapes are decoded once, in parameters. Unknown path 404; known path, wrong method 405 with Allow — a fixed "
            "path wins over a parameter (GET /api/workspaces/reset is 405, not the workspace \"reset\"); OPTIONS answers "
            "Allow; HEAD is GET without a body; a trailing slash is ignored. A request body must be application/json "
            "(415 otherwise) holding one JSON object without a repeated key (400 naming it); a value of the wrong JSON "
            "type is 400 naming the field, never coerced. Framing is exact: Content-Length is digits only, "
            "Transfer-Encoding only chunked and not with Content-Length, no space before a header's colon, no folded "
            "lines — anything else is 400 (501 for another transfer coding) and the connection is closed with nothing "
            "stored. Bodies over 1 MiB are refused with 413 before upload; headers over 16 KiB with 431. One 10 s "
            "deadline for every wait on the client: a connection that sends nothing, stops inside its headers or body "
            "(408), or idles between requests is closed after it. After 10 failed authentications in a minute, an "
            "address's further bad credentials get 429 for the rest of that minute; a valid credential is never "
            "refused by the throttle (every local script shares 127.0.0.1)."),
        "license": {"name": "GPL-3.0-or-later", "url": "https://www.gnu.org/licenses/gpl-3.0.html"},
    },
    "servers": [{"url": "http://127.0.0.1:8765"}],
    "tags": [
        {"name": "Workspaces (document 000)", "description": "The workspace catalog, launch and stop: Bearer token, snake_case."},
        {"name": "Sessions (document 002)", "description": "Sessions: who uses which workspace, disconnect. A disconnect or a stop "
                                                          "makes the workspace `available` again."},
        {"name": "Workspaces API v1 (document 001)", "description": "camelCase workspaces with resources, lifecycle, status, "
                                                                   "metrics, logs and sync: X-API-Key with scopes."},
        {"name": "Micro-VM workspaces (document 003)", "description": "Micro-VMs per client (X-Client-ID + X-Client-Secret) with "
                                                                     "a quota, in the {\"success\": …} envelope."},
        {"name": "Atrium", "description": "Atrium's own additions: health, this reference, hosts, audit, metrics history, reachability."},
    ],
    "paths": paths,
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <token>"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "clientId": {"type": "apiKey", "in": "header", "name": "X-Client-ID", "description": "The token's id (tok_…)"},
            "clientSecret": {"type": "apiKey", "in": "header", "name": "X-Client-Secret", "description": "The token itself"},
            "consoleTicket": {"type": "apiKey", "in": "query", "name": "ticket",
                              "description": "A one-time console ticket (viewer_url, POST /api/sessions/{id}/ticket)"},
            "pageKey": {"type": "apiKey", "in": "cookie", "name": "atrium_viewer",
                        "description": "Set by a console page for its own modules and WebSocket"},
        },
        "schemas": schemas,
    },
}

# An argument writes elsewhere (tests/api/openapi-reference.sh compares it with the committed file).
out = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).with_name("openapi.json")
out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {out} ({sum(len(v) for v in paths.values())} operations)")
