#!/usr/bin/python3
"""Validates preview outputs against Dodo's OpenAPI schema ChangePlanPreviewResponse.

Usage: validate_previews.py SPEC PROGRAM GOLDEN_DIR... --crosscheck DIR --outputs DIR

SPEC is Dodo's OpenAPI 3.1 document (JSON Schema 2020-12 in components.schemas);
when it is absent the test is skipped (exit 77). Validated: the `prorata preview`
output of every golden file's "input" (tests/golden/preview, tests/dodo/...), every
*.json file in --outputs (written by the property suite "dodo schema: ..."), and
every crosscheck recording (preview_*.json with new_plan rebuilt from
subscription.json as the fake server does; subscription.json as SubscriptionResponse).
"""
import json
import os
import subprocess
import sys

SKIP = 77


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    spec_path, program = argv[1], argv[2]
    rest = argv[3:]
    crosscheck = outputs = None
    golden_dirs = []
    i = 0
    while i < len(rest):
        if rest[i] == "--crosscheck":
            crosscheck = rest[i + 1]
            i += 2
        elif rest[i] == "--outputs":
            outputs = rest[i + 1]
            i += 2
        else:
            golden_dirs.append(rest[i])
            i += 1
    if not os.path.isfile(spec_path):
        print(f"SKIP: Dodo's OpenAPI spec is not at {spec_path} (it is never copied into the repository)")
        return SKIP
    try:
        import jsonschema
        from jsonschema import Draft202012Validator
    except ImportError:
        print("SKIP: python3-jsonschema is not installed (scripts/deps.sh installs it)")
        return SKIP
    with open(spec_path) as f:
        spec = json.load(f)
    # The spec as the root document: "#/components/schemas/..." refs resolve in it.
    resolver = jsonschema.RefResolver.from_schema(spec)

    def validator(name):
        schema = {"$ref": "#/components/schemas/" + name}
        return Draft202012Validator(schema, resolver=resolver,
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)

    preview = validator("ChangePlanPreviewResponse")
    subscription = validator("SubscriptionResponse")
    failures = []
    count = 0

    def check(v, doc, where):
        nonlocal count
        count += 1
        errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            path = "/" + "/".join(str(p) for p in e.absolute_path)
            failures.append(f"{where}: {path}: {e.message[:300]}")

    for d in golden_dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(d, name)
            with open(path) as f:
                doc = json.load(f)
            if "input" not in doc:
                continue
            run = subprocess.run([program, "preview", "-"], input=json.dumps(doc["input"]),
                                 capture_output=True, text=True)
            if run.returncode != 0:
                if "expected_error" in doc or "refusal" in doc:
                    continue
                failures.append(f"{path}: prorata preview exited {run.returncode}: {run.stderr.strip()}")
                continue
            check(preview, json.loads(run.stdout), path)
    if outputs and os.path.isdir(outputs):
        for name in sorted(os.listdir(outputs)):
            if name.endswith(".json"):
                path = os.path.join(outputs, name)
                with open(path) as f:
                    check(preview, json.load(f), path)
    if crosscheck:
        with open(os.path.join(crosscheck, "subscription.json")) as f:
            sub = json.load(f)
        check(subscription, sub, os.path.join(crosscheck, "subscription.json"))
        for name in sorted(os.listdir(crosscheck)):
            if name.startswith("preview_") and name.endswith(".json"):
                path = os.path.join(crosscheck, name)
                with open(path) as f:
                    p = json.load(f)
                plan = dict(sub)
                plan.update(p.pop("new_plan_from_subscription", {}))
                p.pop("comment", None)
                p["new_plan"] = plan
                check(preview, p, path)
    for line in failures:
        print(line)
    print(f"{count} documents validated against {os.path.basename(spec_path)}, "
          f"{len(failures)} error(s) shown")
    if count == 0:
        print("no document found to validate")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
