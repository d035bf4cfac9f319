"""Images full of metadata for the upload tests (issue 14, item 7), and readers of what is stored.

Every builder hides the strings in ``MARKERS`` in as many metadata places as its format has;
``metadata_problems`` lists what of them, or of any metadata segment or chunk, is left.
"""

import io
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin

PHONE = b"phone 0912345678"
MARKERS = [
    b"0912345678", b"SecretCam", b"Model-of-phone", b"xmp-secret", b"iptc-secret",
    b"app15-secret", b"text-secret", b"itxt-secret", b"private-secret", b"trailer-secret",
]
# Compressed (zTXt, compressed iTXt): looked for after inflating the chunk.
COMPRESSED_MARKER = b"ztxt-secret"


def exif_bytes():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Maker"  # Make
    exif[0x0110] = "Model-of-phone-X"  # Model
    exif[0x9286] = "phone 0912345678"  # UserComment (as a plain string: the bytes stay readable)
    exif[0x8825] = {1: "N", 2: (21.0, 24.0, 0.0), 3: "E", 4: (103.0, 27.0, 0.0)}  # GPS
    return exif.tobytes()


def icc_bytes():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b"<rdf:RDF><rdf:Description>xmp-secret phone 0912345678</rdf:Description></rdf:RDF>"
       b'</x:xmpmeta><?xpacket end="w"?>')


def _segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc_app13():
    caption = b"iptc-secret " + PHONE
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(caption)) + caption  # 2:120 caption
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    return _segment(0xED, b"Photoshop 3.0\x00" + resource)


def hostile_jpeg(size=(64, 48), mode="RGB"):
    """A JPEG with EXIF (GPS), XMP and ICC from Pillow, then COM, APP13 IPTC and APP15 spliced in
    right after SOI, and text after EOI."""
    output = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (10, 200, 30, 0))
    image.save(output, format="JPEG", exif=exif_bytes(), xmp=XMP, icc_profile=icc_bytes(),
               comment=b"pillow comment " + PHONE)
    data = output.getvalue()
    spliced = (_segment(0xFE, PHONE) + _iptc_app13()
               + _segment(0xEF, b"app15-secret " + PHONE))
    return data[:2] + spliced + data[2:] + b"trailer-secret " + PHONE


def hostile_png(size=(64, 48), mode="RGB"):
    """A PNG with tEXt, iTXt (XMP), zTXt, eXIf, iCCP, tIME and a private chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "text-secret phone 0912345678")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_itxt("Description", "itxt-secret phone 0912345678", lang="vi", tkey="Mô tả")
    info.add_text("Author", COMPRESSED_MARKER.decode(), zip=True)
    info.add(b"tIME", b"\x07\xe5\x07\x07\x07\x28\x00")
    info.add(b"prVt", b"private-secret " + PHONE)
    colour = (10, 200, 10) if mode == "RGB" else (10, 200, 10, 128)
    output = io.BytesIO()
    Image.new(mode, size, colour).save(output, format="PNG", pnginfo=info, exif=exif_bytes(),
                                       icc_profile=icc_bytes())
    return output.getvalue() + b"trailer-secret " + PHONE


def hostile_webp(size=(64, 48)):
    """A WebP with EXIF, XMP and ICCP chunks."""
    output = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(output, format="WEBP", exif=exif_bytes(), xmp=XMP,
                                               icc_profile=icc_bytes())
    return output.getvalue()


HOSTILE = {"jpeg": hostile_jpeg, "png": hostile_png, "webp": hostile_webp}


def jpeg_segments(data):
    """(marker, payload) of every segment before the scan, and the bytes after EOI."""
    assert data[:2] == b"\xff\xd8"
    segments, position = [], 2
    while True:
        assert data[position] == 0xFF, position
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        segments.append((marker, data[position + 4:position + 2 + length]))
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
    end = data.rindex(b"\xff\xd9")
    return segments, data[end + 2:]


def png_chunks(data):
    """(type, data) of every chunk, and the bytes after IEND."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        kind = data[position + 4:position + 8]
        chunks.append((kind, data[position + 8:position + 8 + length]))
        position += 12 + length
        if kind == b"IEND":
            break
    return chunks, data[position:]


def webp_chunks(data):
    """(fourcc, data) of every chunk inside the RIFF container, and the bytes after it."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    end = 8 + struct.unpack("<I", data[4:8])[0]
    chunks, position = [], 12
    while position < end:
        fourcc = data[position:position + 4]
        length = struct.unpack("<I", data[position + 4:position + 8])[0]
        chunks.append((fourcc, data[position + 8:position + 8 + length]))
        position += 8 + length + (length % 2)
    return chunks, data[end:]


# What a clean file may hold: image data, and for JPEG one minimal JFIF APP0.
SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # frame headers (C4 is DHT, C8/CC reserved)
JPEG_ALLOWED = SOF | {0xC4, 0xDB, 0xDD, 0xDA}  # DHT, DQT, DRI, SOS
PNG_ALLOWED = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
WEBP_ALLOWED = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def metadata_problems(data):
    """Everything in the stored bytes ``data`` that is metadata; [] when clean."""
    problems = [f"marker {m!r}" for m in MARKERS if m in data]
    if data[:3] == b"\xff\xd8\xff":
        segments, tail = jpeg_segments(data)
        for marker, payload in segments:
            if marker == 0xE0:
                if not payload.startswith(b"JFIF\x00") or len(payload) != 14:
                    problems.append(f"APP0 other than a minimal JFIF: {payload[:20]!r}")
            elif marker not in JPEG_ALLOWED:
                problems.append(f"segment FF{marker:02X}: {payload[:20]!r}")
    elif data[:4] == b"\x89PNG":
        chunks, tail = png_chunks(data)
        for kind, payload in chunks:
            if kind not in PNG_ALLOWED:
                problems.append(f"chunk {kind!r}")
            if kind in (b"zTXt", b"iTXt") and COMPRESSED_MARKER in _inflate(payload):
                problems.append(f"compressed marker in {kind!r}")
    elif data[:4] == b"RIFF":
        chunks, tail = webp_chunks(data)
        for fourcc, payload in chunks:
            if fourcc not in WEBP_ALLOWED:
                problems.append(f"chunk {fourcc!r}")
            if fourcc == b"VP8X" and payload[0] & 0b00101100:  # ICC, EXIF or XMP flags
                problems.append("VP8X announces metadata")
    else:
        return ["not a JPEG, PNG or WebP"]
    if tail:
        problems.append(f"{len(tail)} bytes after the image")
    return problems


def _inflate(payload):
    for start in range(len(payload)):
        try:
            return zlib.decompress(payload[start:])
        except zlib.error:
            continue
    return b""


def has_all_metadata(data):
    """The builders really hide what ``metadata_problems`` looks for (a check of the check)."""
    return len(metadata_problems(data)) >= 4
