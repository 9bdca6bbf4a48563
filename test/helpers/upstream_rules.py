"""Reference output for the fidelity tests, computed with Python's own email
package (the library upstream Patchwork runs on), so pwlite's TypeScript
re-implementation is checked against the real thing rather than itself.

Written for pwlite from the rules in docs/compatibility.md; it is not
upstream's code. Two modes, both reading length-prefixed records (4-byte
big-endian length, then the bytes) from stdin and writing one JSON line per
record to stdout:

  headers  record = one raw message. Output {"headers": str}: every header
           of the message (compat32 parsing), each decoded with
           decode_header, rebuilt with make_header (continuation '\\t',
           the header name counted on the first line), falling back to
           unknown-8bit for all parts when a charset is unknown or does not
           decode, then written with Header.encode(); a header that cannot
           be decoded or encoded is left out. Lines joined by '\\n'.

  mbox     record = JSON {id, date, headers, content, diff, comments,
           submitter_name, submitter_email, delegate_email, listemail}.
           Output {"mbox": str}: the download built as a text/plain utf-8
           MIME message, X-Patchwork-* headers, the stored headers re-parsed
           and set one by one, then serialised with the compat32 generator.
"""
import datetime
import email
import email.utils
import json
import re
import struct
import sys
from email.encoders import encode_7or8bit
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.mime.nonmultipart import MIMENonMultipart
from email.parser import HeaderParser


def records():
    stdin = sys.stdin.buffer
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return
        (size,) = struct.unpack('>I', head)
        yield stdin.read(size)


def rebuilt(value, name):
    try:
        parts = decode_header(value)
    except HeaderParseError:
        return None
    try:
        header = make_header(parts, header_name=name, continuation_ws='\t')
    except (UnicodeDecodeError, LookupError, ValueError):
        header = make_header([(p, 'unknown-8bit') for p, _ in parts], header_name=name, continuation_ws='\t')
    try:
        return header.encode()
    except (HeaderParseError, IndexError):
        return None


def stored_headers(raw):
    msg = email.message_from_bytes(raw)
    lines = []
    for name, value in msg.items():
        encoded = rebuilt(value, name)
        if encoded is not None:
            lines.append('%s: %s' % (name, encoded))
    return '\n'.join(lines).replace('\0', '')


POSTSCRIPT = re.compile(r'^-{2,3} ?$', re.M)
TRAILER = re.compile(r'^(Tested|Reviewed|Acked|Signed-off|Nacked|Reported)-by:.*$', re.M | re.I)
FROM_FORMS = [
    (re.compile(r'"?(.*?)"?\s*<([^>]+)>'), lambda g: g[1]),
    (re.compile(r'(.*?)\sat\s(.*?)\s*\(([^\)]+)\)'), lambda g: '@'.join(g[0:2])),
    (re.compile(r'"?(.*?)"?\s*\(([^\)]+)\)'), lambda g: g[0]),
    (re.compile(r'(.*)'), lambda g: g[0]),
]


def from_address(value):
    for regex, pick in FROM_FORMS:
        m = regex.match(value)
        if m:
            return pick(m.groups())


def mbox(s):
    body = s['content'].strip() + '\n' if s['content'] else ''
    parts = POSTSCRIPT.split(body, 1)
    postscript = ''
    if len(parts) == 2:
        body = parts[0].strip() + '\n'
        postscript = parts[1].rstrip()
    for comment in s['comments']:
        if comment:
            body += ''.join(m.group(0) + '\n' for m in TRAILER.finditer(comment))
    if postscript:
        body += '---' + postscript + '\n'
    if s['diff']:
        body += '\n' + s['diff']

    date = datetime.datetime.strptime(s['date'][:19].replace('T', ' '), '%Y-%m-%d %H:%M:%S')
    mail = MIMENonMultipart('text', 'plain', charset='utf-8')
    mail.set_payload(body.encode('utf-8'))
    encode_7or8bit(mail)
    mail['X-Patchwork-Submitter'] = email.utils.formataddr((str(Header(s['submitter_name'], 'utf-8')), s['submitter_email']))
    mail['X-Patchwork-Id'] = str(s['id'])
    if s['delegate_email'] is not None:
        mail['X-Patchwork-Delegate'] = s['delegate_email']
    mail.set_unixfrom('From patchwork ' + date.ctime())
    for name, value in HeaderParser().parsestr(s['headers']).items():
        if name in ('Content-Type', 'Content-Transfer-Encoding'):
            continue
        if name == 'From' and from_address(value) == s['listemail']:
            mail['X-Patchwork-Original-From'] = value
            value = mail['X-Patchwork-Submitter']
        mail[name] = value
    if 'Date' not in mail:
        stamp = (date - datetime.datetime(1970, 1, 1)).total_seconds()
        mail['Date'] = email.utils.formatdate(stamp)
    return mail.as_bytes(True).decode()


def main():
    mode = sys.argv[1]
    out = sys.stdout
    for record in records():
        if mode == 'headers':
            result = {'headers': stored_headers(record)}
        else:
            result = {'mbox': mbox(json.loads(record))}
        out.write(json.dumps(result) + '\n')
        out.flush()


main()
