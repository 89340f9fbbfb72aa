"""The local socket between the service and its clients: JSON-RPC 2.0 in length-prefixed frames.

The protocol is documented in docs/protocol.md; `protocol` holds the wire format, `server` the
service's end, `client` the tray's and the CLI's end. How the caller's OS account is read is
`guardian.platform.peer`; where the socket lives, `guardian.platform.locations`.
"""
