"""The local socket between the service and its clients: JSON-RPC 2.0 in length-prefixed frames.

The protocol is documented in docs/protocol.md; `protocol` holds the wire format, `server` the
service's end, `client` the tray's and the CLI's end, `peer` how the caller's OS account is read.
Where the socket lives is `guardian.platform.locations`.
"""
