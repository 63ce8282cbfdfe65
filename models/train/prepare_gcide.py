#!/usr/bin/python3
"""Builds the English verse corpus for the `verse-en` model from Debian's dict-gcide.

GCIDE (Webster's 1913 + additions) ships in dictd format (/usr/share/dictd/gcide.dict.dz,
gzip-compatible).  Debian's build renders the XML markup to plain text: a quotation is a
block of lines indented 9+ spaces after a blank line, with its attribution right-aligned as
`--Author.` (sometimes wrapped onto the next line), and the entry's `[1913 Webster]` after:

                In all her gates, Abaddon rues
                Thy bold attempt.                     --Milton.
          [1913 Webster]

Quotations are kept as verse when they are shaped like verse (every line starts with a
capital, as verse lines in the dictionary do; wrapped prose lines mostly do not) and either
come from a verse author (VERSE_AUTHORS) or run to 3+ such lines from an author not known
for prose (PROSE_AUTHORS).  Accent markup like ['e] or [ae] is reduced to plain letters, so
the model's alphabet stays small.

Sample format: most quotations are one or two lines, so a model trained on them one by one
ends its verse after a line.  Quotations are therefore packed, per author and in seeded random
order, into stanzas of at least --min-lines lines (about 4-8), lines joined with "\n", no
attribution; the train / held-out split is made per quotation before packing, so no held-out
line is trained on.  A stanza is a commonplace-book run of one poet's lines, not a passage of a
poem.  Prompt format: any text; the model continues it as verse, lines ending in "\n".

Usage: /usr/bin/python3 models/train/prepare_gcide.py [--out DIR] [--seed N] [--heldout 0.03]
"""
import argparse
import gzip
import json
import os
import random
import re
from collections import Counter

DICT = '/usr/share/dictd/gcide.dict.dz'

# Attribution prefixes (as GCIDE abbreviates them) of poets and verse dramatists.
VERSE_AUTHORS = [
    'Shak', 'Milton', 'Dryden', 'Pope', 'Spenser', 'Tennyson', 'Chaucer', 'Cowper', 'Byron',
    'Wordsworth', 'Keats', 'Gray', 'Longfellow', 'Coleridge', 'Thomson', 'Young', 'Prior',
    'Drayton', 'Goldsmith', 'Sir W. Scott', 'Lowell', 'Southey', 'Hudibras', 'Beau. & Fl.',
    'B. Jonson', 'Chapman', 'Mrs. Browning', 'R. Browning', 'Browning', 'Shelley', 'Burns',
    'Moore', 'Waller', 'Denham', 'Gay', 'Herbert', 'Crabbe', 'Cowley', 'Marlowe', 'Whittier',
    'Bryant', 'Campbell', 'Herrick', 'Hood', 'Rowe', 'Akenside', 'Parnell', 'Collins',
    'Fairfax', 'Donne', 'Keble', 'Mrs. Hemans', 'Gower', 'Lydgate', 'Piers Plowman', 'Emerson',
    'Holmes', 'Trench', 'Otway', 'Congreve', 'Garth', 'Somerville', 'Dyer', 'Shenstone',
    'Churchill', 'Roscommon', 'Granville', 'Massinger', 'Ford', 'Webster', 'Marston', 'Daniel',
    'Sylvester', 'Surrey', 'Wyatt', 'Skelton', 'Gascoigne', 'Habington', 'Crashaw', 'Vaughan',
    'Marvell', 'Butler', 'Addison\'s Cato', 'Rogers', 'Clough', 'M. Arnold', 'Swinburne',
    'Whitman', 'Poe', 'Byrom', 'Quarles', 'Davenant', 'Fletcher', 'Beaumont', 'Ben Jonson',
    'Sandys', 'Hall', 'Tickell', 'Glover', 'Mickle', 'Falconer', 'Beattie', 'Bloomfield',
    'Kirke White', 'Mrs. Barbauld', 'Hogg', 'Ramsay', 'Tusser', 'Hawes', 'Rom. of R.',
]
# Prose writers frequent in the dictionary; their multi-line quotations are never verse.
PROSE_AUTHORS = [
    'Macaulay', 'Bacon', 'Locke', 'Addison', 'South', 'Burke', 'Fuller', 'Johnson', 'Sir T. Browne',
    'Jer. Taylor', 'Knight', 'Bp. Hall', 'Blackstone', 'Holland', 'Boyle', 'Hooker', 'Halliwell',
    'Thackeray', 'Arbuthnot', "L'Estrange", 'Dunglison', 'Evelyn', 'Carlyle', 'De Quincey',
    'Dickens', 'Barrow', 'Burrill', 'Dr. H. More', 'Bailey', 'Clarendon', 'Totten', 'Hawthorne',
    'Howell', 'Prescott', 'I. Taylor', 'Glanvill', 'Atterbury', 'Brande', 'Sir M. Hale',
    'W. Irving', 'Tillotson', 'Wyclif', 'Bouvier', 'Ray', 'Hammond', 'Burton', 'Swift', 'Sir W. Hamilton',
    'Sir W. Temple', 'Sir P. Sidney', 'Gibbon', 'Hume', 'Ruskin', 'Froude', 'Huxley', 'Darwin',
    'Latimer', 'Hakluyt', 'Milton (prose)', 'Bentley', 'Woodward', 'Bp. Burnet', 'Grew', 'Wotton',
    'Steele', 'Jeffrey', 'Hallam', 'Lamb', 'Landor', 'Walpole', 'Stillingfleet', 'Whewell',
    'J. S. Mill', 'Bancroft', 'Motley', 'Sir J. Stephen', 'Brougham', 'Paley', 'Cudworth',
    'Wyclif', 'Tyndale', 'Udall', 'Sir T. More', 'Ascham', 'Camden', 'Raleigh', 'Purchas',
]

# "  --Author." right-aligned, or " --Author." when a long last line leaves one space; the
# author starts with a capital (the text's own dashes are " -- " between words).
ATTR_RE = re.compile(r'^(?P<text>.*?)(?:\s+|^\s*)--(?P<author>[A-Z].*)$')
ACCENTS = {
    'ae': 'ae', 'AE': 'Ae', 'oe': 'oe', 'OE': 'Oe', 'eth': 'th', 'thorn': 'th', 'th': 'th',
    'yogh': 'y', 'ng': 'ng', 'sect': '', 'deg': '', 'PJC': '', 'root': '', 'asl': '', 'add': '',
}


def clean_markup(s):
    """Reduce GCIDE's ASCII accent markup to plain letters: ['e] -> e, [=a] -> a, [ae] -> ae;
    {italic or cross-reference} -> its text; editorial [words] -> words."""
    s = re.sub(r'\{([^}]*)\}', r'\1', s)

    def acc(m):
        body = m.group(1)
        if body in ACCENTS:
            return ACCENTS[body]
        letters = re.sub(r'[^A-Za-z]', '', body)
        # accent codes are one or two letters with marks: ['e], [=oo], [a^], [imac]
        if body.endswith('mac') and len(letters) <= 4:
            return letters[0]
        if len(letters) <= 2 and len(body) <= 4 and letters != body:
            return letters
        return body  # editorial insertion such as [Thou]: keep the words
    s = re.sub(r'\[([^\]]{1,40})\]', acc, s)
    return s


def parse_quotations(text):
    """Yields (author, [lines]) for every indented quotation block with an attribution."""
    lines = text.split('\n')
    i, n = 0, len(lines)
    while i < n:
        # A block starts after a blank line with a line indented 9+ spaces.
        if lines[i].strip() or i + 1 >= n:
            i += 1
            continue
        j = i + 1
        if not lines[j].startswith(' ' * 9) or not lines[j].strip():
            i += 1
            continue
        block = []
        while j < n and lines[j].strip() and '[1913 Webster]' not in lines[j] and not lines[j].lstrip().startswith('[PJC]'):
            block.append(lines[j])
            j += 1
        i = j
        # Find the attribution: the first line carrying "  --Author" (or a line that is only it).
        author, verse = None, []
        for k, line in enumerate(block):
            m = ATTR_RE.match(line)
            if m and (len(line) - len(line.lstrip()) >= 9):
                if m.group('text').strip():
                    verse.append(m.group('text'))
                author = m.group('author').strip()
                # wrapped author: following lines are right-column continuation
                for cont in block[k + 1:]:
                    if len(cont) - len(cont.lstrip()) >= 40:
                        author += ' ' + cont.strip()
                    else:
                        author = None  # text after the attribution: not a simple quotation
                        break
                break
            verse.append(line)
        if author and verse:
            yield author, verse


def author_matches(author, names):
    a = author.rstrip('.').strip()
    return any(a == nm or a.startswith(nm + '.') or a.startswith(nm + ' ') or a.startswith(nm + ',') for nm in names)


CAPITAL_START = re.compile(r'^[\'"(\[]*[A-Z]')


def verse_shaped(lines):
    return all(CAPITAL_START.match(l) for l in lines) and all(len(l) <= 72 for l in lines)


def pack(rows, min_lines, rng):
    """Per author, in random order, join quotations until a stanza has min_lines lines."""
    by_author = {}
    for r in rows:
        by_author.setdefault(r['author'], []).append(r)
    out = []
    for author in sorted(by_author):
        quotes = by_author[author]
        rng.shuffle(quotes)
        cur = []
        for q in quotes:
            cur.append(q['text'])
            if sum(t.count('\n') + 1 for t in cur) >= min_lines:
                out.append({'text': '\n'.join(cur), 'author': author})
                cur = []
        if cur:
            out.append({'text': '\n'.join(cur), 'author': author})
    rng.shuffle(out)
    return out


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--out', default=os.path.join(here, 'work', 'gcide'))
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--heldout', type=float, default=0.03)
    ap.add_argument('--dict', default=DICT)
    ap.add_argument('--min-lines', type=int, default=4, help='pack quotations into stanzas of at least this many lines')
    args = ap.parse_args()

    text = gzip.open(args.dict).read().decode('utf-8', 'replace')
    total, kept, authors = 0, [], Counter()
    seen = set()
    for author, raw in parse_quotations(text):
        total += 1
        lines = [re.sub(r'\s+', ' ', clean_markup(l)).strip() for l in raw]
        lines = [l for l in lines if l]
        if not lines or not verse_shaped(lines):
            continue
        if author_matches(author, PROSE_AUTHORS):
            continue
        if author_matches(author, VERSE_AUTHORS):
            pass
        elif len(lines) < 3:
            continue
        # Single fragments shorter than a line of verse say little.
        if len(lines) == 1 and len(lines[0]) < 20:
            continue
        body = '\n'.join(lines)
        if body in seen:
            continue
        seen.add(body)
        kept.append({'text': body, 'author': author})
        authors[author.split(' ')[0]] += 1

    rng = random.Random(args.seed)
    train_q, val_q = [], []
    for row in kept:
        (val_q if rng.random() < args.heldout else train_q).append(row)
    train, val = pack(train_q, args.min_lines, rng), pack(val_q, args.min_lines, rng)
    os.makedirs(args.out, exist_ok=True)
    for name, rows in (('train.jsonl', train), ('val.jsonl', val)):
        with open(os.path.join(args.out, name), 'w', encoding='utf-8') as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
    chars = sum(len(r['text']) + 1 for r in kept)
    meta = {
        'corpus': 'GCIDE (dict-gcide, /usr/share/dictd/gcide.dict.dz): attributed verse quotations',
        'licence': 'GPL-3.0-or-later (GCIDE)',
        'seed': args.seed, 'quotations': total, 'kept': len(kept), 'trainQuotations': len(train_q),
        'heldoutQuotations': len(val_q), 'train': len(train), 'heldout': len(val), 'minLines': args.min_lines,
        'characters': chars, 'multiLine': sum(1 for r in kept if '\n' in r['text']),
        'topAuthors': authors.most_common(25), 'lineBreaks': ['\n'], 'language': 'en',
    }
    with open(os.path.join(args.out, 'meta.json'), 'w', encoding='utf-8') as f:
        json.dump(meta, f, indent=2, ensure_ascii=False)
    print(f'prepare_gcide: {total} attributed quotations, kept {len(kept)} as verse '
          f'({meta["multiLine"]} multi-line), packed into {len(train)} train / {len(val)} held-out stanzas, '
          f'{chars:,} characters -> {args.out}',
          flush=True)


if __name__ == '__main__':
    main()
