"""Regenerates vectors.txt: random multipart-like bodies decoded by Werkzeug's own
sans-IO MultipartDecoder (werkzeug.sansio.multipart, Werkzeug 3.1.9), whole body at once.

Usage: python generate.py > all.txt, then pick lines (the committed file holds a random
sample: 110 bodies with parts, 10 without, 60 that Werkzeug rejects).

Line format, space-separated, hex-encoded bytes ("-" for empty):
  body err
  body ok preamble n_parts [name filename(N | F<hex>) headers("k:v\\n"...) data]*n epilogue
"""
import random
import sys

from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData, Preamble


def werkzeug_decode(body, boundary=b"bnd"):
    decoder = MultipartDecoder(boundary)
    decoder.receive_data(body)
    decoder.receive_data(None)
    preamble, parts = None, []
    try:
        while True:
            event = decoder.next_event()
            if isinstance(event, Preamble):
                preamble = event.data
            elif isinstance(event, (Field, File)):
                parts.append([event.name or "", getattr(event, "filename", None), list(event.headers.items()), b""])
            elif isinstance(event, Data):
                parts[-1][3] += event.data
            elif isinstance(event, Epilogue):
                return preamble, parts, event.data
            elif isinstance(event, NeedData):
                return None
    except Exception:
        return None


rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
HEADERS = [
    b'Content-Disposition: form-data; name="a"',
    b'Content-Disposition: form-data; name=f; filename="x.bin"',
    b"X-Other: 1",
    b"Content-Type: text/plain",
    b"Content-Disposition: form-data; name=\"q\"; filename*=UTF-8''%C3%A4",
    b'content-disposition: form-data; name="c"\r\n\tfolded=1',
]


def line_break():
    return rnd.choice([b"\r\n", b"\n", b"\r"])


def data():
    tokens = [b"\r", b"\n", b"-", b"--bnd", b"--bn", b"--bndx", b"--bnd-", b" ", b"x", b"\r\n--bnd\t"]
    tokens.append(bytes(rnd.randrange(256) for _ in range(rnd.randrange(4))))
    return b"".join(rnd.choice(tokens) for _ in range(rnd.randrange(10)))


def body():
    out = bytes(rnd.randrange(256) for _ in range(rnd.randrange(3)))
    for _ in range(rnd.randrange(4)):
        out += b"--bnd" + rnd.choice([b"", b" ", b"\t "]) + line_break()
        lb = line_break()
        for _ in range(rnd.randrange(3)):
            out += rnd.choice(HEADERS) + lb
        out += lb + data() + line_break()
    out += rnd.choice([b"--bnd--", b"--bnd-- \r\nepi", b"--bnd--\n", b"--bnd--\r\n\r\n", b"--bn"])
    if rnd.random() < 0.2:
        out = out[: rnd.randrange(len(out) + 1)]
    return out


def hexed(b):
    return b.hex() or "-"


seen = set()
while len(seen) < 10000:
    b = body()
    if b in seen:
        continue
    seen.add(b)
    result = werkzeug_decode(b)
    if result is None:
        print(hexed(b), "err")
        continue
    preamble, parts, epilogue = result
    fields = [hexed(b), "ok", hexed(preamble), str(len(parts))]
    for name, filename, headers, part_data in parts:
        fields += [
            hexed(name.encode()),
            "N" if filename is None else "F" + hexed(filename.encode()),
            hexed("".join(f"{k}:{v}\n" for k, v in headers).encode()),
            hexed(part_data),
        ]
    fields.append(hexed(epilogue))
    print(" ".join(fields))
