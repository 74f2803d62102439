"""What each `python -m qa` command does once its arguments are parsed (cli.py): call
the library and print the result, as text or as one JSON object (--json). The library
raises; cli.main turns each QAError into one line."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from qa.core.config import Config
from qa.core.errors import QAError


def where(config: Config) -> str:
    from qa.api import Index

    return Index.at(None, config).where


def run_build(args, config: Config) -> int:
    from qa import build_index  # the public API, as any caller
    from qa.answering.page import plural

    # stdout carries the result alone: whatever else is printed meanwhile (Ray prints its
    # workers' failures to stdout) goes to stderr
    with contextlib.redirect_stdout(sys.stderr):
        summary = build_index(
            config.seeds_dir,
            config.index_dir,
            model=config.model,
            show_progress=not args.json,
            config=config,
            full=args.full,
            wait=args.wait,
        )
    if args.json:
        print(
            json.dumps(
                {
                    "files": summary.files,
                    "passages": summary.passages,
                    "embedded": summary.embedded,
                    "seconds": round(summary.seconds, 2),
                    "skipped": list(summary.skipped),
                    "index": where(config),
                }
            )
        )
    else:
        for message in summary.skipped:
            print(message, file=sys.stderr)
        print(
            f"indexed {plural(summary.files, 'file')}, {plural(summary.passages, 'passage')} "
            f"({summary.embedded} embedded now) in {summary.seconds:.1f} s → "
            f"{where(config)}"
        )
    return 0


def run_add(args, config: Config) -> int:
    from qa import build_index
    from qa.building.adding import add_source
    from qa.answering.page import plural

    if not args.no_build and args.index is None and args.store is None:
        from qa.manage import check_built_from

        check_built_from(config)  # before anything is fetched or saved
    saved = add_source(args.what, config.seeds_dir, int(config.max_file_mb * 2**20))
    print(f"saved {args.what} → {saved}")
    if not args.no_build:
        with contextlib.redirect_stdout(sys.stderr):  # as run_build: Ray may print
            summary = build_index(config=config, show_progress=False)
        print(
            f"indexed {plural(summary.files, 'file')}, {plural(summary.passages, 'passage')} "
            f"({summary.embedded} embedded now) → {where(config)}"
        )
    return 0


def run_check(args, config: Config) -> int:
    import dataclasses

    from qa.api import Index

    checked = Index.at(None, config).verify()
    if args.json:
        print(json.dumps(dataclasses.asdict(checked)))
    elif not checked.files:  # a store with no files of its own to hash (Milvus)
        print(f"ok: {checked.passages} passages, as the manifest says → {checked.index_dir}")
    else:
        print(
            f"ok: {checked.files} files, {checked.bytes / 2**20:.1f} MB match their sha256; "
            f"{checked.passages} passages ({checked.seconds:.2f} s) → {checked.index_dir}"
        )
    if checked.stale and not args.json:
        print(f"but out of date: {checked.stale}; rebuild with: python -m qa build")
    return 1 if checked.stale else 0


def run_ask(args, config: Config) -> int:
    k = args.k if args.k is not None else config.k
    if k < 1:
        raise QAError("-k must be 1 or more")
    weak, language = None, "en"
    from qa.manage import answering_index

    with contextlib.redirect_stdout(sys.stderr):  # a rebuild's progress: stdout is answers
        index = answering_index(config, say=lambda line: print(line, file=sys.stderr))
    dates = dict(since=args.since, until=args.until)
    if args.all:
        hits, notes, message = index.retrieve(args.question, k, **dates), (), ""
    else:
        reply = index.answer(args.question, k=k, **dates)
        hits, notes, message, weak = reply.hits, reply.notes, reply.message, reply.weak_match
        language = reply.language
    if args.json:
        if not hits:
            row = {"question": args.question, "language": language, "covered": False}
            row["message"] = message
            if weak:
                row["weak_match"] = weak.to_json()
            print(json.dumps(row, ensure_ascii=False))
        for rank, hit in enumerate(hits, 1):
            row = {"rank": rank, **hit.to_json(), "language": language}
            print(json.dumps(row, ensure_ascii=False))
        return 0
    for note in notes:
        print(f"({note})")
    if not hits:
        print(message)
    if weak:
        print(
            f"Closest passage, a weak match and not an answer: {weak.citation}\n   "
            + " ".join(weak.text.split())
        )
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("»", "«")
    if hits and hits[0].short_answer:
        print(f"Answer: {hits[0].short_answer}\n")
    for rank, hit in enumerate(hits, 1):
        print(f"{rank}. {hit.citation}, characters {hit.start}-{hit.end}  (score {hit.score:.2f})")
        text = hit.text
        if hit.answer_text:
            a, b = hit.answer_start - hit.start, hit.answer_end - hit.start
            text = f"{text[:a]}{bold[0]}{text[a:b]}{bold[1]}{text[b:]}"
        print("   " + " ".join(text.split()) + "\n")
    return 0


def run_eval(args, config: Config) -> int:

    from qa.cli.evaluate import evaluate, format_table

    if args.chunk_tokens is not None:
        config = config.with_ranking(chunk_tokens=args.chunk_tokens)
    if args.lexical_weight is not None:
        config = config.with_ranking(lexical_weight=args.lexical_weight)
    if args.token_weight is not None:
        config = config.with_ranking(token_weight=args.token_weight)
    if args.min_score is not None:
        config = config.with_ranking(min_score=args.min_score)
    if args.overlap is not None:
        config = config.with_ranking(overlap_sentences=args.overlap)
    report = evaluate(
        args.data,
        variants=[v.strip() for v in args.variants.split(",")],
        config=config,
        show_progress=not args.json,
        holdout=args.holdout,
    )
    if args.reference:
        from qa.cli.beir import reference_dense

        if not Path(args.data).is_dir():
            raise QAError("--reference needs a BEIR folder")
        report["variants"]["reference"] = reference_dense(
            Path(args.data), config, show_progress=not args.json
        )
    print(json.dumps(report) if args.json else format_table(report))
    return 0


def run_export(args, config: Config) -> int:
    from qa.encoders.export import export

    out = Path(args.out) if args.out else config.export_dir
    record = export(out, model=config.model, precision=args.precision)
    print(
        f"exported {record['model']} ({record['precision']}) → {out}  "
        f"sha256 {record['onnx_sha256'][:16]}…"
    )
    return 0


def run_serve(args, config: Config) -> int:
    # The page is qa_web, the one package that imports Gradio; the library never does.
    from qa_web.server import serve

    return serve(config, allow_upload=args.allow_upload, mcp=args.mcp)
