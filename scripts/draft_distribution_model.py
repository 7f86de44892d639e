#!/usr/bin/env python3
"""Drafts the `xml_structure!` / `xml_enum!` declarations of the distribution model.

How it was used: run once, from the crate root,

    python3 scripts/draft_distribution_model.py model/cloudfront/service-2.json DRAFT_DIR

to write one draft `.rs` file per area (origins, cache behaviors, config, resource, enums)
into DRAFT_DIR. The drafts were then copied into `src/resources/distribution/` and edited
by hand (docs, derives, constructors). The committed Rust is the source of truth; this
script is kept only so that a later model update can be diffed against a fresh draft. It is
not part of the build and nothing calls it. The model walk (closure of the roots below) is
the same one `tests/distribution_model_conformance.rs` does in Rust.
"""
import html
import json
import re
import sys
import textwrap

ROOTS = ["DistributionConfig", "Distribution", "DistributionList"]

# Rust names for shapes whose model name is not Rust-cased.
RENAME = {
    "SSLSupportMethod": "SslSupportMethod",
    "KGKeyPairIds": "KgKeyPairIds",
    "AliasICPRecordal": "AliasIcpRecordal",
    "AliasICPRecordals": "AliasIcpRecordals",
    "ICPRecordalStatus": "IcpRecordalStatus",
}

AREA = {
    "origins": """Origins Origin CustomHeaders OriginCustomHeader S3OriginConfig CustomOriginConfig
        OriginSslProtocols OriginMtlsConfig VpcOriginConfig OriginShield OriginGroups OriginGroup
        OriginGroupFailoverCriteria StatusCodes OriginGroupMembers OriginGroupMember""".split(),
    "cache_behavior": """DefaultCacheBehavior CacheBehaviors CacheBehavior TrustedSigners TrustedKeyGroups
        AllowedMethods CachedMethods LambdaFunctionAssociations LambdaFunctionAssociation
        FunctionAssociations FunctionAssociation GrpcConfig ForwardedValues CookiePreference
        CookieNames Headers QueryStringCacheKeys""".split(),
    "resource": """Distribution ActiveTrustedSigners Signer KeyPairIds ActiveTrustedKeyGroups
        KGKeyPairIds AliasICPRecordals AliasICPRecordal DistributionList DistributionSummary""".split(),
}


def rust_type_name(shape):
    return RENAME.get(shape, shape)


def snake(name):
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    return s.lower()


def variant(value):
    if value.startswith("PriceClass_"):
        return "PriceClass" + value[len("PriceClass_"):]
    out = ""
    for p in re.split(r"[-_]+", value):
        if p:
            out += (p[0].upper() + p[1:].lower()) if not out or not out[-1].isdigit() else "_" + p
    out = out.replace(".", "_")  # TLSv1.2_2021 -> TlsV1_2_2021, http1.1 -> Http1_1
    out = re.sub(r"(\d)and(\d)", r"\1And\2", out)
    out = re.sub(r"^(Ssl|Tls)v", r"\1V", out)
    return out


def clean(t):
    t = re.sub(r"<code>(.*?)</code>", r"`\1`", t, flags=re.S)
    t = re.sub(r"<[^>]+>", "", t)
    t = html.unescape(t)
    return " ".join(t.split())


def doc(text, indent, deprecated=False):
    if not text:
        return ""
    text = re.sub(r"<note>.*?</note>", "", text, flags=re.S)
    blocks = [b for b in re.split(r"</p>|</li>", text)]
    first = None
    items = []
    for b in blocks:
        c = clean(b)
        if not c:
            continue
        if first is None:
            first = c
            if not first.endswith(":"):
                break
        elif "<li>" in b:
            items.append(c.rstrip("."))
        else:
            break
    out = first or ""
    if out.endswith(":") and items:
        out = out + " " + "; ".join(items) + "."
    sentences = re.split(r"(?<=\.) ", out)
    out = ""
    for s in sentences:
        if out and len(out) + len(s) > 350:
            break
        out = (out + " " + s).strip()
    if out.endswith(":"):
        cut = out.rfind(". ")
        out = out[: cut + 1] if cut > 0 else out[:-1] + "."
    if deprecated and "deprecated" not in out.lower():
        out = "Deprecated in the model. " + out
    out = out.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(">", "&gt;")
    out = re.sub(r"(?<!`)(https?://[^\s`]+[^\s`.,;)])", r"<\1>", out)
    lines = textwrap.wrap(out, 96 - len(indent) - 4, break_on_hyphens=False)
    return "".join(f"{indent}/// {line}\n" for line in lines)


def main():
    model = json.load(open(sys.argv[1]))
    outdir = sys.argv[2]
    shapes = model["shapes"]
    seen = []

    def visit(n):
        if n in seen:
            return
        seen.append(n)
        s = shapes[n]
        if s["type"] == "structure":
            for m in s["members"].values():
                visit(m["shape"])
        elif s["type"] == "list":
            visit(s["member"]["shape"])

    for r in ROOTS:
        visit(r)

    def is_pure_wrapper(n):
        s = shapes[n]
        return s["type"] == "structure" and list(s["members"]) == ["Quantity", "Items"]

    def is_mixed_wrapper(n):
        s = shapes[n]
        return (s["type"] == "structure" and "Quantity" in s["members"]
                and "Items" in s["members"] and not is_pure_wrapper(n))

    def leaf_type(n):
        s = shapes[n]
        t = s["type"]
        if t == "string":
            return rust_type_name(n) if "enum" in s else "String"
        return {"boolean": "bool", "integer": "i32", "long": "i64",
                "timestamp": "SystemTime"}.get(t) or rust_type_name(n)

    def item_of(list_shape):
        ls = shapes[list_shape]
        return leaf_type(ls["member"]["shape"]), ls["member"].get("locationName", "member")

    def defaultable(n, memo={}):
        if n in memo:
            return memo[n]
        s = shapes[n]
        ok = True
        for m in s.get("required", []):
            ms = shapes[s["members"][m]["shape"]]
            if "enum" in ms or ms["type"] == "timestamp":
                ok = False
            elif ms["type"] == "structure" and not is_pure_wrapper(s["members"][m]["shape"]):
                ok = ok and defaultable(s["members"][m]["shape"])
        memo[n] = ok
        return ok

    files = {k: [] for k in ["origins", "cache_behavior", "config", "resource", "enums"]}
    for n in seen:
        s = shapes[n]
        area = next((a for a, names in AREA.items() if n in names), "config")
        if s["type"] == "string" and "enum" in s:
            body = doc(s.get("documentation", ""), "    ") or f"    /// `{n}` values.\n"
            body += f"    pub enum {rust_type_name(n)} {{\n"
            for v in s["enum"]:
                body += f'        {variant(v)} = "{v}",\n'
            body += "    }\n"
            files["enums"].append("xml_enum! {\n" + body + "}\n")
        elif s["type"] == "list" and not s["member"].get("locationName") or n == "AliasICPRecordals":
            t, item = item_of(n)
            files[area].append((doc(s.get("documentation", ""), "") + "///\n"
                                if s.get("documentation") else "") +
                               f"/// A list without `Quantity`; entries are `<{item}>` elements.\n"
                               f"pub type {rust_type_name(n)} = PlainList<{t}>;\n")
        elif is_pure_wrapper(n):
            t, item = item_of(s["members"]["Items"]["shape"])
            files[area].append(doc(s.get("documentation", ""), "") +
                               "///\n"
                               f"/// Entries are `<{item}>` elements.\n"
                               f"pub type {rust_type_name(n)} = QuantityList<{t}>;\n")
        elif s["type"] == "structure":
            req = set(s.get("required", []))
            out = "xml_structure! {\n" + (doc(s.get("documentation", ""), "    ") or f"    /// `{n}`.\n")
            if defaultable(n):
                out += "    #[derive(Default)]\n"
            out += f"    pub struct {rust_type_name(n)} {{\n"
            for m, spec in s["members"].items():
                ms_name = spec["shape"]
                ms = shapes[ms_name]
                d = doc(spec.get("documentation") or ms.get("documentation", ""), "        ",
                        spec.get("deprecated", False))
                f = snake(m)
                r = "req" if m in req else "opt"
                if is_mixed_wrapper(n) and m == "Quantity":
                    out += f'        ["Quantity"] quantity(items) quantity;\n'
                    continue
                if is_mixed_wrapper(n) and m == "Items":
                    t, item = item_of(ms_name)
                    out += d + f'        ["Items"] items("{item}") items: {t};\n'
                    continue
                if is_pure_wrapper(ms_name):
                    t, item = item_of(ms["members"]["Items"]["shape"])
                    out += d + f'        ["{m}"] {r}_list("{item}") {f}: {rust_type_name(ms_name)};\n'
                elif ms["type"] == "list":
                    t, item = item_of(ms_name)
                    out += d + f'        ["{m}"] opt_plain_list("{item}") {f}: {rust_type_name(ms_name)};\n'
                else:
                    out += d + f'        ["{m}"] {r} {f}: {leaf_type(ms_name)};\n'
            out += "    }\n}\n"
            files[area].append(out)
    for area, items in files.items():
        with open(f"{outdir}/{area}.rs", "w") as fh:
            fh.write("\n".join(items))


if __name__ == "__main__":
    main()
