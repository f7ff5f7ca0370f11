"""A command that acts as a user signs that user in first: their password from the variable
MOTCUA_AS_PASSWORD (scripts), a prompt (a terminal), or the first line of stdin (a pipe).
Nothing on the command line acts as anybody without their password."""

from __future__ import annotations

import getpass
import os
import sys

from core.i18n import tr
from db import Store

PASSWORD_ENV = "MOTCUA_AS_PASSWORD"


def password_of(username: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if sys.stdin.isatty():
        return getpass.getpass(tr("Mật khẩu của {username}: ", username=username))
    return sys.stdin.readline().rstrip("\r\n")


def sign_in(store: Store, username: str) -> Store:
    """`store` acting as `username` once their password is checked (a StoreError otherwise)."""
    return store.login(username, password_of(username), station="cli")


def user_help() -> str:
    return tr("tên đăng nhập của người lập báo cáo (quản lý); mật khẩu: nhập khi chạy, dòng đầu của stdin hoặc biến "
              "{env}", env=PASSWORD_ENV)
