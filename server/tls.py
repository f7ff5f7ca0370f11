"""The server's own key and self-signed certificate; stations pin its SHA-256 fingerprint."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


CERT, KEY = "server.crt", "server.key"


def ensure_certificate(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) in `folder`, made once (key 0600); later starts reuse them."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / CERT, folder / KEY
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    host = socket.gethostname() or "motcua"
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"motcua {host}")])
    # the station pins this very certificate, so its dates carry no trust; wide ones keep a station whose
    # clock is far off talking (and showing the warning) instead of failing the TLS check
    names: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.DNSName(host),
                                     x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime(2000, 1, 1, tzinfo=timezone.utc))
            .not_valid_after(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def fingerprint(cert_pem: bytes | str) -> bytes:
    """SHA-256 of the certificate's DER form: what a join code carries and a station pins."""
    data = cert_pem.encode("ascii") if isinstance(cert_pem, str) else cert_pem
    der = x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    return hashlib.sha256(der).digest()


def fingerprint_text(cert_pem: bytes | str) -> str:
    """The fingerprint as people read it: AB:CD:…"""
    return ":".join(f"{b:02X}" for b in fingerprint(cert_pem))


def local_fingerprint(tls_dir: Path) -> bytes | None:
    """The fingerprint of the office server certificate kept in `tls_dir` (this PC is the server), if any."""
    try:
        return fingerprint((tls_dir / CERT).read_bytes())
    except (OSError, ValueError):
        return None
