#!/usr/bin/env python3
"""Builds verification.zip from verification/ reproducibly (fixed timestamps and order), so the
same source always gives the same bytes, and the same content hash in the synthesized stacks."""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "verification")
OUT = os.path.join(HERE, "verification.zip")

with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(SRC)):
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(SRC, name), "rb") as f:
            z.writestr(info, f.read())
print(OUT)
