"""DNS messages on the wire: the question read straight from a query's bytes, and the few
replies the filter writes itself (blocked, refused, failed, fixed addresses).

Every length is checked before it is used; a packet that is not a well-formed query raises
`Malformed`, carrying the FORMERR reply when the header could be read (None: drop it).
"""

from __future__ import annotations

import struct

HEADER = struct.Struct("!HHHHHH")
_U16 = struct.Struct("!H")
_U32 = struct.Struct("!I")
_QTAIL = struct.Struct("!HH")
_RR = struct.Struct("!HHIH")  # type, class, ttl, rdlength (after the owner name)

QR = 0x8000
OPCODE = 0x7800
AA = 0x0400
TC = 0x0200
RD = 0x0100
RA = 0x0080
CD = 0x0010

NOERROR = 0
FORMERR = 1
SERVFAIL = 2
NXDOMAIN = 3
NOTIMP = 4
REFUSED = 5

TYPE_A = 1
TYPE_CNAME = 5
TYPE_SOA = 6
TYPE_AAAA = 28
TYPE_OPT = 41
CLASS_IN = 1

EDE_BLOCKED = 15
"""Extended DNS Error "Blocked" (RFC 8914): the name is blocked by the resolver's policy."""

MAX_NAME = 255
PLAIN_UDP_SIZE = 512
MAX_UDP_SIZE = 4096
"""The largest reply sent over UDP, whatever buffer a client advertises."""
OWN_UDP_SIZE = 1232
"""The buffer size Guardian advertises in its own OPT records (the DNS flag day value)."""

_DOT = 0x2E


class Malformed(Exception):
    """A packet that is not a query the filter can answer; `reply` is the FORMERR (or NOTIMP)
    answer when the header was readable, None when the packet is to be dropped."""

    def __init__(self, reason: str, reply: bytes | None) -> None:
        super().__init__(reason)
        self.reply = reply


class Query:
    """The parts of a client's query the filter works with, read without copying the rest."""

    __slots__ = ("data", "do", "edns", "end", "flags", "id", "name", "qclass", "qtype", "udp_size")

    def __init__(
        self,
        data: bytes,
        ident: int,
        flags: int,
        name: str,
        qtype: int,
        qclass: int,
        end: int,
        edns: bool,
        do: bool,
        udp_size: int,
    ) -> None:
        self.data = data
        self.id = ident
        self.flags = flags
        self.name = name
        """Lower-case, without the trailing dot; "" for the root."""
        self.qtype = qtype
        self.qclass = qclass
        self.end = end
        """Offset just past the question."""
        self.edns = edns
        """The query carries an OPT record."""
        self.do = do
        """The OPT record asks for DNSSEC records (the DO bit)."""
        self.udp_size = udp_size
        """The largest UDP reply this client takes."""

    @property
    def question(self) -> bytes:
        """The question section as the client wrote it (its letter case included)."""
        return self.data[12 : self.end]


def header_error(data: bytes, rcode: int) -> bytes | None:
    """A reply with `rcode` and no sections to a packet whose header is readable; None for a
    packet too short to have one, or one that is itself a response (never answer those)."""
    if len(data) < 12:
        return None
    ident, flags = struct.unpack_from("!HH", data)
    if flags & QR:
        return None
    return HEADER.pack(ident, QR | (flags & (OPCODE | RD | CD)) | RA | rcode, 0, 0, 0, 0)


def parse_query(data: bytes) -> Query:
    """Read the question of a client's query; raise `Malformed` for anything else."""
    size = len(data)
    if size < 12:
        raise Malformed("shorter than a header", None)
    ident, flags, qdcount, ancount, nscount, arcount = HEADER.unpack_from(data)
    if flags & QR:
        raise Malformed("a response, not a query", None)
    if flags & OPCODE:
        raise Malformed("not a standard query", header_error(data, NOTIMP))
    if qdcount != 1:
        raise Malformed("not exactly one question", header_error(data, FORMERR))
    pos = 12
    labels = 0
    while True:
        if pos >= size:
            raise Malformed("name runs past the end", header_error(data, FORMERR))
        length = data[pos]
        if length == 0:
            break
        if length & 0xC0:
            raise Malformed(
                "compressed or extended label in a question", header_error(data, FORMERR)
            )
        pos += length + 1
        labels += 1
    if pos - 12 + 1 > MAX_NAME:
        raise Malformed("name longer than 255 bytes", header_error(data, FORMERR))
    end = pos + 5
    if end > size:
        raise Malformed("question runs past the end", header_error(data, FORMERR))
    if labels:
        # Labels joined by dots in place: replace each length byte but the first.
        raw = bytearray(data[13:pos])
        at = data[12]
        while at < len(raw):
            step = raw[at]
            raw[at] = _DOT
            at += step + 1
        if raw.count(_DOT) != labels - 1:
            raise Malformed("a dot inside a label", header_error(data, FORMERR))
        try:
            name = raw.decode("ascii").lower()
        except UnicodeDecodeError:
            raise Malformed("a name that is not ASCII", header_error(data, FORMERR)) from None
    else:
        name = ""
    qtype, qclass = _QTAIL.unpack_from(data, pos + 1)
    edns = False
    do = False
    udp_size = PLAIN_UDP_SIZE
    if arcount:
        try:
            opt = _find_opt(data, end, ancount + nscount, arcount)
        except ValueError as error:
            raise Malformed(str(error), header_error(data, FORMERR)) from None
        if opt is not None:
            edns = True
            payload, ext_flags = opt
            do = bool(ext_flags & 0x8000)
            udp_size = min(max(payload, PLAIN_UDP_SIZE), MAX_UDP_SIZE)
    return Query(data, ident, flags, name, qtype, qclass, end, edns, do, udp_size)


def skip_name(data: bytes, pos: int) -> int:
    """The offset just past a (possibly compressed) name at `pos`; ValueError if it runs out."""
    size = len(data)
    while True:
        if pos >= size:
            raise ValueError("name runs past the end")
        length = data[pos]
        if length == 0:
            return pos + 1
        if length & 0xC0 == 0xC0:
            if pos + 2 > size:
                raise ValueError("pointer runs past the end")
            return pos + 2
        if length & 0xC0:
            raise ValueError("unknown label type")
        pos += length + 1


def _find_opt(data: bytes, pos: int, skip: int, arcount: int) -> tuple[int, int] | None:
    """(UDP payload size, extended flags) of the OPT record among the additional records."""
    size = len(data)
    found: tuple[int, int] | None = None
    for index in range(skip + arcount):
        owner = pos
        pos = skip_name(data, pos)
        if pos + 10 > size:
            raise ValueError("record runs past the end")
        rtype, rclass, ttl, rdlen = _RR.unpack_from(data, pos)
        pos += 10 + rdlen
        if pos > size:
            raise ValueError("record data runs past the end")
        if rtype == TYPE_OPT:
            if index < skip or found is not None or data[owner] != 0:
                raise ValueError("misplaced or repeated OPT record")
            found = (rclass, ttl & 0xFFFF)
    return found


class Record:
    """One resource record of a message: where its TTL is and what it holds."""

    __slots__ = ("rdata", "rtype", "section", "ttl", "ttl_offset")

    def __init__(self, section: int, rtype: int, ttl: int, ttl_offset: int, rdata: bytes) -> None:
        self.section = section
        """1 answer, 2 authority, 3 additional."""
        self.rtype = rtype
        self.ttl = ttl
        self.ttl_offset = ttl_offset
        self.rdata = rdata


class Response:
    """A response read record by record (off the hot path: on a cache insert or a rewrite)."""

    __slots__ = ("end", "flags", "id", "qdcount", "rcode", "records")

    def __init__(self, data: bytes) -> None:
        if len(data) < 12:
            raise ValueError("shorter than a header")
        self.id, self.flags, qdcount, ancount, nscount, arcount = HEADER.unpack_from(data)
        self.qdcount = qdcount
        self.rcode = self.flags & 0xF
        pos = 12
        for _ in range(qdcount):
            pos = skip_name(data, pos) + 4
        if pos > len(data):
            raise ValueError("question runs past the end")
        self.records: list[Record] = []
        for section, count in ((1, ancount), (2, nscount), (3, arcount)):
            for _ in range(count):
                pos = skip_name(data, pos)
                if pos + 10 > len(data):
                    raise ValueError("record runs past the end")
                rtype, _rclass, ttl, rdlen = _RR.unpack_from(data, pos)
                start = pos + 10
                if start + rdlen > len(data):
                    raise ValueError("record data runs past the end")
                self.records.append(
                    Record(section, rtype, ttl, pos + 4, data[start : start + rdlen])
                )
                pos = start + rdlen
        self.end = pos


def encode_name(name: str) -> bytes:
    """A dotted lower-case ASCII name in wire form; ValueError for a label out of bounds."""
    out = bytearray()
    for label in name.split(".") if name else ():
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError(f"label {label!r} of {name!r} is empty or longer than 63 bytes")
        out.append(len(raw))
        out += raw
    out.append(0)
    if len(out) > MAX_NAME:
        raise ValueError(f"{name!r} is longer than 255 bytes")
    return bytes(out)


def _opt(query: Query, ede: int | None = None, text: bytes = b"") -> bytes:
    """Guardian's OPT record for a reply to an EDNS query (DO echoed, RFC 3225)."""
    rdata = b"" if ede is None else struct.pack("!HHH", 15, 2 + len(text), ede) + text
    ext = 0x8000 if query.do else 0
    return b"\x00" + struct.pack("!HHIH", TYPE_OPT, OWN_UDP_SIZE, ext, len(rdata)) + rdata


def _header(query: Query, rcode: int, ancount: int, extra: int = 0) -> bytes:
    flags = QR | (query.flags & (OPCODE | RD | CD)) | RA | extra | rcode
    return HEADER.pack(query.id, flags, 1, ancount, 0, 1 if query.edns else 0)


def rcode_reply(query: Query, rcode: int) -> bytes:
    """An empty reply with `rcode` (REFUSED, SERVFAIL, NOERROR without data), question echoed."""
    return _header(query, rcode, 0) + query.question + (_opt(query) if query.edns else b"")


def blocked_reply(query: Query) -> bytes:
    """NXDOMAIN for a blocked name, with Extended DNS Error 15 when the query had EDNS."""
    tail = _opt(query, EDE_BLOCKED) if query.edns else b""
    return _header(query, NXDOMAIN, 0) + query.question + tail


def truncated_reply(query: Query) -> bytes:
    """The question alone with TC set: the client asks again over TCP."""
    return _header(query, NOERROR, 0, TC) + query.question + (_opt(query) if query.edns else b"")


def address_reply(
    query: Query,
    rtype: int,
    rdatas: list[bytes],
    ttl: int,
    cname: bytes | None = None,
) -> bytes:
    """A fixed answer: optionally a CNAME to the wire name `cname`, then `rdatas` of `rtype`
    (4 bytes for A, 16 for AAAA) owned by the CNAME's target (or the question's name)."""
    question = query.question
    parts = [b"", question]
    owner = b"\xc0\x0c"
    if cname is not None:
        parts.append(owner + struct.pack("!HHIH", TYPE_CNAME, CLASS_IN, ttl, len(cname)) + cname)
        owner = _U16.pack(0xC000 | (12 + len(question) + 12))
    for rdata in rdatas:
        parts.append(owner + struct.pack("!HHIH", rtype, CLASS_IN, ttl, len(rdata)) + rdata)
    if query.edns:
        parts.append(_opt(query))
    parts[0] = _header(query, NOERROR, len(parts) - 2 - (1 if query.edns else 0))
    return b"".join(parts)


def fits(reply: bytes, query: Query) -> bytes:
    """`reply` if it fits the client's UDP buffer, else the truncated reply."""
    return reply if len(reply) <= query.udp_size else truncated_reply(query)


def with_id(reply: bytes, ident: int) -> bytes:
    """`reply` with its message id replaced."""
    return _U16.pack(ident) + reply[2:]


def pack_ttl(buffer: bytearray, offset: int, ttl: int) -> None:
    """Write a record's TTL in place."""
    _U32.pack_into(buffer, offset, ttl)
