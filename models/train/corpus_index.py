#!/usr/bin/python3
"""Corpus line index for originality checks: `corpus-lines.u32`.

A sorted, de-duplicated array of little-endian uint32 FNV-1a-32 hashes of the UTF-8 bytes
of every normalised corpus line with at least MIN_CHARS characters.  models/corpusIndex.ts
reads it and must normalise exactly like normalize_line() below; test/models/corpusIndex.test.ts
checks that by running this file with --normalize.

Normalisation: NFC, lowercase for English, then drop every character whose Unicode general
category is punctuation (P*) or separator (Z*), and the ASCII/C1 whitespace controls listed in
CONTROL_SPACE (an explicit set, because Python's isspace() and JavaScript's \s disagree).

CLI: `/usr/bin/python3 corpus_index.py --normalize en|zh` reads JSON list of strings on stdin
and prints a JSON list of [normalised, hash] pairs.
"""
import json
import struct
import sys
import unicodedata

MIN_CHARS = 5
CONTROL_SPACE = frozenset('\t\n\v\f\r\x1c\x1d\x1e\x1f\x85')


def normalize_line(line, language):
    s = unicodedata.normalize('NFC', line)
    if language == 'en':
        s = s.lower()
    return ''.join(c for c in s if not (unicodedata.category(c)[0] in 'PZ' or c in CONTROL_SPACE))


def fnv1a32(text):
    h = 0x811C9DC5
    for b in text.encode('utf-8'):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def split_lines(text, line_breaks):
    """Split at any of the line-break strings (each one character, or '\\n')."""
    out, cur = [], []
    for c in text:
        if c in line_breaks or c == '\n':
            out.append(''.join(cur))
            cur = []
        else:
            cur.append(c)
    out.append(''.join(cur))
    return out


def build(texts, line_breaks, language):
    hashes = set()
    for t in texts:
        for line in split_lines(t, line_breaks):
            n = normalize_line(line, language)
            if len(n) >= MIN_CHARS:
                hashes.add(fnv1a32(n))
    return sorted(hashes)


def write(path, hashes):
    with open(path, 'wb') as f:
        f.write(struct.pack('<%dI' % len(hashes), *hashes))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--normalize':
        lang = sys.argv[2]
        items = json.load(sys.stdin)
        out = []
        for s in items:
            n = normalize_line(s, lang)
            out.append([n, fnv1a32(n)])
        json.dump(out, sys.stdout, ensure_ascii=False)
    else:
        print(__doc__)
        sys.exit(2)
