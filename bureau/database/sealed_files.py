"""Sealed backup files: encrypted for a key derived from the backup passphrase, so that a
desk can write them unattended but only the passphrase opens them.

Why public-key: the desk makes backups by itself (daily, at closing) and must
hold something that encrypts, but nothing it holds may decrypt. The passphrase
is turned, with scrypt and a random salt, into an X25519 private key; only its
PUBLIC half is stored (the ``backup_recipient`` setting, with the salt and the
scrypt parameters). Each backup gets a new ephemeral X25519 key; the shared
secret gives, through HKDF-SHA256, the file's AES-256-GCM key. Restoring runs
scrypt over the passphrase again and recomputes the private key: a wrong
passphrase gives another public key and is refused before anything is read.
The stored public key and salt let someone who copies the database try
passphrases offline, at scrypt's cost per guess: hence a long passphrase.

Chosen over ``age``/``pyrage``: the same construction (X25519 recipients,
scrypt, a chunked AEAD stream with a last-chunk flag) from ``cryptography``,
which the sealed register already uses, with no second native dependency on
the desk PCs and with refusals in the user's language. Primitives only from
``cryptography``; nothing here is a cipher of our own.

File format, version 1 (all integers big-endian)::

    magic          21 bytes  b"BUREAU-SEALED-BACKUP\\n"
    version         1 byte   1
    scrypt log2 N   1 byte   (10..18)   scrypt r  1 byte (1..8)    scrypt p  1 byte (1..4)
    salt           16 bytes  scrypt's salt for the passphrase
    recipient      32 bytes  X25519 public key of the passphrase
    ephemeral      32 bytes  X25519 public key made for this file
    nonce prefix    7 bytes  random
    chunk log2      1 byte   (6..24); 16 = 64 KiB chunks
    chunks                   AES-256-GCM of each chunk (plain size 2**log2, the last
                             one shorter or equal), 16-byte tag each

Chunk ``i`` is sealed with the nonce ``prefix || i (4 bytes) || last (1 byte: 1 on
the final chunk, else 0)`` and the whole header as associated data (the STREAM
construction, as in age and Tink): a file cut short at any byte, extended,
reordered or with an altered header fails to open. The database streams
through in chunks, never held in memory whole.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import secrets
import struct
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bureau.domain import BureauError
from bureau.i18n import N_

MAGIC = b"BUREAU-SEALED-BACKUP\n"
VERSION = 1
_LAYOUT = struct.Struct(f">{len(MAGIC)}sBBBB16s32s32s7sB")
HEADER_BYTES = _LAYOUT.size
TAG_BYTES = 16
CHUNK_LOG2 = 16
# About 128 MiB and a fraction of a second per derivation on a desk PC.
KDF_LOG2_N, KDF_R, KDF_P = 17, 8, 1
_KDF_INFO = b"bureau sealed backup v1 file key"

MSG_NEED_PASSPHRASE = N_("{path} is a sealed backup: give its backup passphrase "
                         "(--passphrase-file FILE or BUREAU_BACKUP_PASSPHRASE). Nothing was changed.")
MSG_WRONG_PASSPHRASE = N_("The passphrase does not open {path}: it is not the one this backup "
                          "was sealed with. Nothing was changed.")
MSG_DAMAGED = N_("{path} is a sealed backup that was cut short or altered (it does not "
                 "authenticate); nothing was changed.")
MSG_UNKNOWN_VERSION = N_("{path} is a sealed backup of a newer format; use a newer version "
                         "of Bureau. Nothing was changed.")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class Writable(Protocol):
    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True)
class Recipient:
    """Who a sealed backup is for: the public key of a passphrase and how it was derived."""

    public: bytes  # 32 bytes, X25519
    salt: bytes  # 16 bytes
    log2_n: int = KDF_LOG2_N
    r: int = KDF_R
    p: int = KDF_P


@dataclass(frozen=True)
class Header:
    raw: bytes
    recipient: Recipient
    ephemeral: bytes
    prefix: bytes
    chunk_log2: int


def normalise(passphrase: str) -> bytes:
    """The passphrase as bytes: NFC, so a word typed on another keyboard is the same."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _private_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> X25519PrivateKey:
    n = 1 << log2_n
    seed = hashlib.scrypt(normalise(passphrase), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * r * n + (1 << 24), dklen=32)
    return X25519PrivateKey.from_private_bytes(seed)


def _public_bytes(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def new_recipient(passphrase: str, *, log2_n: int = KDF_LOG2_N, r: int = KDF_R,
                  p: int = KDF_P) -> Recipient:
    """The recipient of a passphrase with a new salt (the passphrase itself is not kept).
    Raises ``ValueError`` for scrypt parameters that ``read_header`` would refuse."""
    if not (10 <= log2_n <= 18 and 1 <= r <= 8 and 1 <= p <= 4):
        raise ValueError("scrypt parameters out of the format's bounds")
    salt = secrets.token_bytes(16)
    return Recipient(_public_bytes(_private_key(passphrase, salt, log2_n, r, p)), salt, log2_n, r, p)


def recipient_text(recipient: Recipient) -> str:
    """How a recipient is stored in the settings: ``x25519-scrypt$logN$r$p$salt$public``."""
    return "$".join(["x25519-scrypt", str(recipient.log2_n), str(recipient.r), str(recipient.p),
                     base64.b64encode(recipient.salt).decode(),
                     base64.b64encode(recipient.public).decode()])


def parse_recipient(text: str) -> Recipient | None:
    """The recipient stored by ``recipient_text``; None for an empty or unreadable setting."""
    try:
        scheme, log2_n, r, p, salt, public = text.split("$")
        recipient = Recipient(base64.b64decode(public, validate=True),
                              base64.b64decode(salt, validate=True), int(log2_n), int(r), int(p))
    except (ValueError, binascii.Error):
        return None
    if scheme != "x25519-scrypt" or len(recipient.public) != 32 or len(recipient.salt) != 16:
        return None
    return recipient


def _file_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=_KDF_INFO).derive(shared)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def _read_full(reader: Readable, size: int) -> bytes:
    parts, wanted = [], size
    while wanted:
        part = reader.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def seal_stream(reader: Readable, writer: Writable, recipient: Recipient, *,
                chunk_log2: int = CHUNK_LOG2) -> tuple[Header, bytes]:
    """Write ``reader``'s bytes sealed for ``recipient`` to ``writer``.

    Returns the header and the file key (kept in memory by the writer only, to
    verify what it wrote: ``open_with_key``).
    """
    ephemeral = X25519PrivateKey.generate()
    prefix = secrets.token_bytes(7)
    raw = _LAYOUT.pack(MAGIC, VERSION, recipient.log2_n, recipient.r, recipient.p, recipient.salt,
                       recipient.public, _public_bytes(ephemeral), prefix, chunk_log2)
    key = _file_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.public)),
                    _public_bytes(ephemeral), recipient.public)
    aead, size = AESGCM(key), 1 << chunk_log2
    writer.write(raw)
    current, counter = _read_full(reader, size), 0
    while True:
        following = _read_full(reader, size) if len(current) == size else b""
        writer.write(aead.encrypt(_nonce(prefix, counter, not following), current, raw))
        if not following:
            break
        current, counter = following, counter + 1
    return read_header(io.BytesIO(raw), "")[0], key


def read_header(reader: Readable, label: str) -> tuple[Header, bytes]:
    """The header of a sealed file (``reader`` left after it) and its raw bytes.

    Raises ``BureauError``: not sealed / cut short (``MSG_DAMAGED``), a newer format.
    """
    raw = _read_full(reader, HEADER_BYTES)
    if len(raw) < len(MAGIC) + 1 or not raw.startswith(MAGIC):
        raise BureauError(MSG_DAMAGED, path=label)
    if raw[len(MAGIC)] != VERSION:
        raise BureauError(MSG_UNKNOWN_VERSION, path=label)
    if len(raw) < HEADER_BYTES:
        raise BureauError(MSG_DAMAGED, path=label)
    _magic, _v, log2_n, r, p, salt, public, ephemeral, prefix, chunk_log2 = _LAYOUT.unpack(raw)
    # Bounds keep a forged header from asking scrypt for more than 256 MiB.
    if not (10 <= log2_n <= 18 and 1 <= r <= 8 and 1 <= p <= 4 and 6 <= chunk_log2 <= 24):
        raise BureauError(MSG_DAMAGED, path=label)
    return Header(raw, Recipient(public, salt, log2_n, r, p), ephemeral, prefix, chunk_log2), raw


def file_key(header: Header, passphrase: str, label: str) -> bytes:
    """The file key from the passphrase; ``BureauError`` (``MSG_WRONG_PASSPHRASE``) otherwise."""
    recipient = header.recipient
    private = _private_key(passphrase, recipient.salt, recipient.log2_n, recipient.r, recipient.p)
    if not hmac.compare_digest(_public_bytes(private), recipient.public):
        raise BureauError(MSG_WRONG_PASSPHRASE, path=label)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(header.ephemeral))
    except ValueError:  # a low-order point: not something a writer makes
        raise BureauError(MSG_DAMAGED, path=label) from None
    return _file_key(shared, header.ephemeral, recipient.public)


def open_with_key(reader: Readable, write: Callable[[bytes], object], header: Header, key: bytes,
                  label: str) -> None:
    """Open the chunks after the header, passing each plain chunk to ``write``.

    Raises ``BureauError`` (``MSG_DAMAGED``) at the first chunk that does not
    authenticate, a missing final chunk or bytes after it; what was passed to
    ``write`` before must then be thrown away.
    """
    aead, size = AESGCM(key), (1 << header.chunk_log2) + TAG_BYTES
    current, counter = _read_full(reader, size), 0
    while True:
        if len(current) < TAG_BYTES:
            raise BureauError(MSG_DAMAGED, path=label)
        following = _read_full(reader, size) if len(current) == size else b""
        try:
            plain = aead.decrypt(_nonce(header.prefix, counter, not following), current, header.raw)
        except InvalidTag:
            raise BureauError(MSG_DAMAGED, path=label) from None
        write(plain)
        if not following:
            return
        current, counter = following, counter + 1


def open_stream(reader: Readable, write: Callable[[bytes], object], passphrase: str | None,
                label: str) -> None:
    """Open a whole sealed stream with the passphrase (``write`` gets the plain bytes).

    Raises ``BureauError``: no passphrase, a wrong one, a damaged or newer file.
    """
    header, _raw = read_header(reader, label)
    if not passphrase:
        raise BureauError(MSG_NEED_PASSPHRASE, path=label)
    open_with_key(reader, write, header, file_key(header, passphrase, label), label)


def is_sealed(reader: Readable) -> bool:
    """Whether the stream starts like a sealed backup (reads a few bytes)."""
    return _read_full(reader, len(MAGIC)) == MAGIC
