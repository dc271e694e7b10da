#!/usr/bin/env bash
# check_records.sh FILE|DIR...: are these privtrace JSON lines fit for
# Elasticsearch / OpenSearch, and exactly what docs/privtrace.schema.json says?
# A directory stands for every *.json and *.jsonl under it. All files are
# checked together (one type per field across all of them), with jq alone.
#
#  (a) mapping safety: every line one JSON object; every field path has one
#      JSON type across all records (null aside, where the schema allows it);
#      no field name holds a dot (nested objects only), none is empty, no
#      top-level name starts with '_'; no path is an object in one record and
#      a value in another;
#  (b) ECS: keyword fields are strings, long fields whole numbers, @timestamp
#      RFC 3339, event.kind/category/type/outcome from ECS's allowed values,
#      and each event.type one ECS expects for one of the record's categories
#      (the rule Elastic's own package validator applies);
#  (c) the schema: every record valid against docs/privtrace.schema.json
#      (every path in it, types, required fields, enums, patterns, ranges),
#      with the schema itself kept to what this check implements, and
#      additionalProperties false on every object, so output and schema
#      cannot drift apart unseen.
#
# Prints "ok: ..." per rule, or "FAIL: ..." with up to 10 examples as
# FILE:LINE: what; exits 0 when all pass, 1 otherwise (2: bad usage).
# PT_SCHEMA=FILE checks against another schema.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCHEMA=${PT_SCHEMA:-$TOP/docs/privtrace.schema.json}

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	sed -n '2,/^set /{/^set /d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
fi
command -v jq >/dev/null || { echo "FAIL: jq is not installed" >&2; exit 2; }
[ -r "$SCHEMA" ] || { echo "FAIL: cannot read the schema $SCHEMA" >&2; exit 2; }

files=()
for a in "$@"; do
	if [ -d "$a" ]; then
		while IFS= read -r -d '' f; do files+=("$f"); done \
			< <(find "$a" -type f \( -name '*.json' -o -name '*.jsonl' \) -print0 | sort -z)
	elif [ -r "$a" ] && [ -f "$a" ]; then
		files+=("$a")
	else
		echo "FAIL: $a: not a readable file or directory" >&2
		exit 2
	fi
done
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no *.json or *.jsonl file in $*"; exit 1; }

# ECS values (ECS 8.x/9.x, ecs-allowed-values-event-*): kept here, not read
# from our schema, so that a wrong schema cannot make wrong values pass.
read -r -d '' ECS <<'EOF'
{
  "kind": ["alert", "asset", "enrichment", "event", "metric", "state", "pipeline_error", "signal"],
  "outcome": ["failure", "success", "unknown"],
  "type": ["access", "admin", "allowed", "change", "connection", "creation", "deletion", "denied",
           "device", "end", "error", "group", "indicator", "info", "installation", "protocol",
           "start", "user"],
  "expected": {
    "api": ["access", "admin", "allowed", "change", "creation", "deletion", "denied", "end", "info", "start", "user"],
    "authentication": ["start", "end", "info"],
    "configuration": ["access", "change", "creation", "deletion", "info"],
    "database": ["access", "change", "info", "error"],
    "driver": ["change", "end", "info", "start"],
    "email": ["info"],
    "file": ["access", "change", "creation", "deletion", "info"],
    "host": ["access", "change", "end", "info", "start"],
    "iam": ["admin", "change", "creation", "deletion", "group", "info", "user"],
    "intrusion_detection": ["allowed", "denied", "info"],
    "library": ["start"],
    "malware": ["info"],
    "network": ["access", "allowed", "connection", "denied", "end", "info", "protocol", "start"],
    "package": ["access", "change", "deletion", "info", "installation", "start"],
    "process": ["access", "change", "end", "info", "start"],
    "registry": ["access", "change", "creation", "deletion"],
    "session": ["start", "end", "info"],
    "threat": ["indicator"],
    "vulnerability": ["info"],
    "web": ["access", "error", "info"]
  },
  "keyword": ["user.id", "user.name", "file.uid", "file.gid", "file.mode", "file.path",
              "process.name", "event.kind", "event.action", "event.outcome", "event.reason",
              "event.category", "event.type"],
  "keyword_tree": ["container", "orchestrator"],
  "long": ["process.pid", "process.thread.id", "process.parent.pid"]
}
EOF

read -r -d '' PROG <<'EOF'
# ---- the schema: what this check implements, and its paths ----
def supported: ["$schema", "$id", "title", "description", "$defs", "$ref", "oneOf", "type",
	"properties", "required", "additionalProperties", "items", "prefixItems", "minItems",
	"uniqueItems", "enum", "const", "pattern", "format", "minimum", "maximum"];
def deref: if type == "object" and has("$ref")
	then $schema[0]["$defs"][.["$ref"] | ltrimstr("#/$defs/")] // error("unresolved \(.["$ref"])")
	else . end;
# every subschema, with where it is
def subschemas($at): ., (if type != "object" then empty else
	to_entries[] | .key as $k | .value as $v
	| if $k == "properties" or $k == "$defs" then $v | to_entries[] | .value | subschemas("\($at)/\($k)/\(.key)")
	  elif $k == "items" or $k == "additionalProperties" then $v | subschemas("\($at)/\($k)")
	  elif $k == "oneOf" or $k == "prefixItems" then $v | to_entries[] | .value | subschemas("\($at)/\($k)/\(.key)")
	  else empty end end);
def schema_problems: [$schema[0] | subschemas("#") | select(type == "object")
	| (keys - supported)[] as $k | "the schema uses '\($k)', which this check does not implement"]
	+ [$schema[0] | paths(type == "object" and has("properties")) as $p
	| getpath($p) | select(.additionalProperties != false)
	| "the schema object at /\($p | map(tostring) | join("/")) allows fields it does not name: additionalProperties must be false"];
def join_path($p; $k): if $p == "" then $k else "\($p).\($k)" end;
# every path the schema names
def schema_paths($p): deref | (.oneOf[]? | schema_paths($p)),
	(.properties // {} | to_entries[] | join_path($p; .key) as $q | $q, (.value | schema_paths($q))),
	(.prefixItems[]?, (.items | select(type == "object")) | schema_paths($p));

# ---- validation against the schema (the subset above) ----
def typeok($t): if $t == "integer" then type == "number" and . == floor else type == $t end;
def short: tojson | if length > 60 then .[0:57] + "..." else . end;
def a_type: type | if . == "object" or . == "array" then "an \(.)" else "a \(.)" end;
# the consts a branch of oneOf demands, as [path, value]: which branch a record is for
def consts($at): (if has("const") then [$at, .const] else empty end),
	((.properties // {}) as $props | (.required // [])[] as $k | $props[$k] // empty | consts($at + [$k]));
def get_or_null($path): reduce $path[] as $k (.; if type == "object" then .[$k] else null end);
# the schema once: $refs inlined, annotations dropped, "type" always a list,
# so that validating a record walks only what constrains it
def compile: deref
	| if type != "object" then . else
	  del(.description, .title, .format, .["$schema"], .["$id"], .["$defs"])
	  | if has("type") then .type |= (if type == "array" then . else [.] end) else . end
	  | if has("properties") then .properties |= map_values(compile) else . end
	  | if has("items") then .items |= compile else . end
	  | if has("additionalProperties") then .additionalProperties |= compile else . end
	  | if has("oneOf") then .oneOf |= map(compile) | .oneOfConsts = [.oneOf[] | [consts([])]] else . end
	  | if has("prefixItems") then .prefixItems |= map(compile) else . end
	  end;
def v($s; $p):
	. as $x
	| if $s == false then "\($p): not in the schema"
	  elif $s == true then empty
	  elif ($s | has("type")) and (any($s.type[] as $t | $x | typeok($t); .) | not) then
		"\($p): \(if $x == null then "null" else "\($x | short) is \($x | a_type)" end), the schema says \($s.type | join(" or "))"
	  else $s | keys_unsorted[] as $kw
	  | if $kw == "properties" then
		$x | objects | keys_unsorted[] as $k
		| if $s.properties | has($k) then $x[$k] | v($s.properties[$k]; join_path($p; $k))
		  elif ($s | has("additionalProperties")) then $x[$k] | v($s.additionalProperties; join_path($p; $k))
		  else empty end
	    elif $kw == "additionalProperties" then
		select($s | has("properties") | not) | $x | objects | keys_unsorted[] as $k | $x[$k] | v($s.additionalProperties; join_path($p; $k))
	    elif $kw == "required" then
		$x | objects | $s.required[] | select(. as $k | $x | has($k) | not) | "\(join_path($p; .)): missing"
	    elif $kw == "const" then
		select($x != $s.const) | "\($p): \($x | short) is not \($s.const | tojson)"
	    elif $kw == "enum" then
		select(any($s.enum[]; . == $x) | not) | "\($p): \($x | short) is not one of \($s.enum | map(tojson) | join(", "))"
	    elif $kw == "pattern" then
		select(($x | type) == "string" and ($x | test($s.pattern) | not)) | "\($p): \($x | short) does not match \($s.pattern)"
	    elif $kw == "minimum" then select(($x | type) == "number" and $x < $s.minimum) | "\($p): \($x) < \($s.minimum)"
	    elif $kw == "maximum" then select(($x | type) == "number" and $x > $s.maximum) | "\($p): \($x) > \($s.maximum)"
	    elif $kw == "minItems" then select(($x | type) == "array" and ($x | length) < $s.minItems) | "\($p): fewer than \($s.minItems) items"
	    elif $kw == "uniqueItems" then
		select($s.uniqueItems == true and ($x | type) == "array" and ($x | unique | length) != ($x | length)) | "\($p): items repeat"
	    elif $kw == "oneOfConsts" then empty
	    elif $kw == "prefixItems" then
		$x | arrays | range(0; [length, ($s.prefixItems | length)] | min) as $i | $x[$i] | v($s.prefixItems[$i]; $p)
	    elif $kw == "items" then
		$x | arrays | range(($s.prefixItems // []) | length; length) as $i | $x[$i] | v($s.items; $p)
	    elif $kw == "oneOf" then
		# the one branch whose consts the record has (event.kind, event.action); else each
		[range($s.oneOf | length) as $i
		 | select(all($s.oneOfConsts[$i][]; . as [$path, $val] | ($x | get_or_null($path)) == $val)) | $i] as $cand
		| if ($cand | length) == 1 then $x | v($s.oneOf[$cand[0]]; $p)
		  else ([$s.oneOf[] as $b | select([$x | first(v($b; $p))] | length == 0)] | length) as $ok
		  | if $ok == 1 then empty
		    elif $ok > 1 then "\($p): matches \($ok) of the schema's oneOf"
		    else ([$s.oneOf[] as $b | [$x | v($b; $p)]] | min_by(length))[] end
		  end
	    else empty end
	  end;

# ---- (a) what a mapping sees: nodes with their type, and name problems ----
# {p: path, t: signature}; arrays of objects flatten into their path, as Elasticsearch maps them
def sig: if type == "number" then "number" else type end;
def nodes($p):
	if type == "object" then
		(if $p != "" then {p: $p, t: "object"} else empty end),
		(to_entries[] | .key as $k | .value | nodes(join_path($p; $k)))
	elif type == "array" then
		if length == 0 then {p: $p, t: "array"}
		else .[] | if type == "object" then ({p: $p, t: "array<object>"}, (nodes($p) | select(.p != $p)))
			   elif type == "array" then {p: $p, t: "array<array>"}
			   else {p: $p, t: "array<\(sig)>"} end
		end
	else {p: $p, t: sig} end;
def name_problems: [paths as $path | $path[-1] | select(type == "string")
	| if . == "" then "an empty field name under \($path[:-1] | map(tostring) | join("."))"
	  elif contains(".") then "field name \(tojson) holds a dot (\($path | map(tostring) | join("/"))): use nested objects"
	  elif ($path | length) == 1 and startswith("_") then "top-level field \(tojson): Elasticsearch reserves names starting with _"
	  else empty end];

# ---- (b) ECS ----
def rfc3339: test("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$");
def ecs_problems($ecs):
	. as $r | [
	(if has("@timestamp") | not then "@timestamp missing"
	 elif (.["@timestamp"] | type) != "string" or (.["@timestamp"] | rfc3339 | not) then "@timestamp \(.["@timestamp"] | short) is not RFC 3339"
	 else empty end),
	($ecs.keyword[] as $p | (getpath($p | split("."))? // null) | if type == "array" then .[] else . end
	 | select(. != null and type != "string") | "\($p) is a keyword in ECS, not \(a_type) (\(short))"),
	($ecs.keyword_tree[] as $top | .[$top]? // null | paths(scalars) as $path | getpath($path)
	 | select(. != null and type != "string")
	 | "\([$top] + $path | map(select(type == "string")) | join(".")) is a keyword in ECS, not \(a_type) (\(short))"),
	($ecs.long[] as $p | (getpath($p | split("."))? // null) | select(. != null and (type != "number" or . != floor))
	 | "\($p) is a long in ECS, not \(short)"),
	(.event // {} | if type != "object" then "event is not an object" else
		(if has("kind") and (.kind as $k | $ecs.kind | index($k) | not) then "event.kind \(.kind | short) is not an ECS kind" else empty end),
		(if has("outcome") and (.outcome as $o | $ecs.outcome | index($o) | not) then "event.outcome \(.outcome | short) is not an ECS outcome" else empty end),
		(if has("category") and (.category | type) != "array" then "event.category is not an array" else empty end),
		(if has("type") and (.type | type) != "array" then "event.type is not an array" else empty end),
		([.category[]?] as $cats | [.type[]?] as $types
		 | ($cats[] | tostring as $c | select($ecs.expected | has($c) | not) | "event.category \($c | tojson) is not an ECS category"),
		   ($types[] | tostring as $t | select($ecs.type | index($t) | not) | "event.type \($t | tojson) is not an ECS event type"))
	 end)
	];
# each event.type one that ECS expects for one of the record's categories
def ecs_expected_problems($ecs):
	[.event? | objects | [.category[]?] as $cats | [.type[]?] as $types
	 | ([$cats[] | tostring as $c | $ecs.expected[$c] // [] | .[]] | unique) as $expected
	 | $types[] | tostring as $t | select(($ecs.type | index($t)) and ($cats | length) > 0 and ($expected | index($t) | not))
	 | "event.type \($t | tojson) is not one ECS expects for event.category \($cats | tojson) (expected: \($expected | join(", ")))"];

# ---- one pass over every line of every file ----
# counted; the first place of each of the first 10 different messages kept
def add_problem($rule; $where; $msg):
	.problems[$rule].n += 1
	| if .problems[$rule].m[$msg] then .problems[$rule].m[$msg].n += 1
	  elif (.problems[$rule].m | length) < 10 then .problems[$rule].m[$msg] = {n: 1, at: $where}
	  else . end;

($ecs | fromjson) as $ecs
| (schema_problems) as $schema_bad
| (if ($schema_bad | length) > 0 then null else $schema[0] | compile end) as $compiled
# what the schema says of @timestamp, if it says one thing for every kind of record
| ([$compiled.oneOf[]?.properties["@timestamp"] // empty] | unique | if length == 1 then .[0] else null end) as $ts_node
| reduce inputs as $in (
	{records: 0, kinds: {}, types: {}, shapes: {}, seen: {}, problems: {}};
	$in.w as $where
	| if $in | has("bad") then add_problem("json"; $where; "not JSON: \($in.bad)")
	  elif ($in.ok | type) != "object" then add_problem("json"; $where; "not a JSON object: \($in.ok | short)")
	  else $in.ok as $r
	  | .records += 1
	  | .kinds["\($r.event.kind? // "?")/\($r.event.action? // "?")" | if startswith("event/") then "event" else ltrimstr("metric/") end] += 1
	  # A burst of one process's records differs in @timestamp alone: each
	  # different rest is checked once with a valid stand-in time, its
	  # problems replayed for the next ones; every time is checked itself.
	  | ($r["@timestamp"] | type == "string" and $ts_node != null) as $ts
	  | (if $ts then $r | .["@timestamp"] = "2000-01-01T00:00:00.000000000Z" else $r end) as $rest
	  | ($rest | tojson) as $key
	  | (if .seen[$key] then . else
		.seen[$key] = [($rest | name_problems[] | ["names", .]),
			       ($rest | ecs_problems($ecs)[] | ["ecs", .]),
			       ($rest | ecs_expected_problems($ecs)[] | ["ecs_expected", .]),
			       (if ($schema_bad | length) > 0 then empty else $rest | v($compiled; "") | ["schema", .] end)]
		# a record shaped like one seen before adds no path or type
		| ($rest | [[paths], [.. | type]] | tojson) as $shape
		| if .shapes[$shape] then . else .shapes[$shape] = true
		  | reduce ($rest | nodes("") | select(.t != "null")) as $n (.;
			if .types[$n.p][$n.t] then . else .types[$n.p][$n.t] = $where end) end
	     end)
	  | reduce (.seen[$key][],
		    (select($ts) | $r["@timestamp"]
		     | (select(rfc3339 | not) | ["ecs", "@timestamp \(short) is not RFC 3339"]),
		       (v($ts_node; "@timestamp") | ["schema", .]))) as $m
		(.; add_problem($m[0]; $where; $m[1]))
	  end)
# ---- across records ----
| .types |= with_entries(.value |= (if has("array") and ([keys[] | select(startswith("array<"))] | length) > 0 then del(.array) else . end))
| reduce (.types | to_entries[] | select(.value | length > 1)) as $e (.;
	add_problem(if $e.value | has("object") then "shape" else "types" end; null;
		"\($e.key): \($e.value | to_entries | map("\(.key) (first at \(.value))") | join(" vs "))"))
| . as $st
| ([$schema[0] | schema_paths("")] | unique) as $sp
| ([$sp[] | select(. as $q | ($st.types | has($q) | not) and ($sp | any(startswith($q + ".")) | not))]) as $unseen
| def report($rule; $ok):
	if $st.problems[$rule] then
		$st.problems[$rule] as $pr
		| "FAIL: \($ok): \($pr.n) problem(s)",
		($pr.m | to_entries[] | "    \(if .value.at then "\(.value.at): " else "" end)\(.key)\(if .value.n > 1 then " (\(.value.n) times)" else "" end)"),
		([$pr.m[].n] | add) as $shown | if $pr.n > $shown then "    ... and \($pr.n - $shown) more of other kinds" else empty end
	else "ok: \($ok)" end;
( "records: \($st.records) in \($files | length) file(s): \($st.kinds | to_entries | map("\(.value) \(.key)") | join(", "))",
  if $st.records == 0 then "FAIL: no records to check" else empty end,
  report("json"; "every line is one JSON object"),
  report("types"; "one JSON type per field path across all records (\($st.types | length) paths)"),
  report("shape"; "no path is an object in one record and a value in another"),
  report("names"; "field names: no dots, none empty, no top-level _"),
  report("ecs"; "ECS types (keyword, long, date) and allowed kind, category, type, outcome values"),
  report("ecs_expected"; "ECS: each event.type expected for the record's event.category"),
  if ($schema_bad | length) > 0 then "FAIL: the schema cannot be checked against:", ($schema_bad[] | "    \(.)")
  else report("schema"; "every record as docs/privtrace.schema.json says (all \($sp | length) paths known)") end,
  if ($unseen | length) > 0 then "note: \($unseen | length) schema field(s) not in these records: \($unseen | join(" "))" else empty end,
  if $st.records == 0 or ($st.problems | length) > 0 or ($schema_bad | length) > 0 then "RESULT: FAIL" else "RESULT: ok" end )
EOF

# Two jq: the first only parses, each line tagged FILE:LINE (a try/catch
# there can hide nothing else); the second checks.
# shellcheck disable=SC2016
PARSE='foreach inputs as $l ({f: null, n: 0};
	if .f != input_filename then {f: input_filename, n: 1} else .n += 1 end;
	"\(.f):\(.n)" as $w | $l | try {w: $w, ok: fromjson}
	catch {w: $w, bad: ($l | tojson | if length > 60 then .[0:57] + "..." else . end)})'
out=$(jq -n -R -c "$PARSE" "${files[@]}" |
	jq -n -r --slurpfile schema "$SCHEMA" --arg ecs "$ECS" \
		--argjson files "$(printf '%s\n' "${files[@]}" | jq -R . | jq -s .)" "$PROG") ||
	{ echo "FAIL: jq failed on ${files[*]}"; exit 1; }
printf '%s\n' "$out" | grep -v '^RESULT: '
[ "$(printf '%s\n' "$out" | tail -1)" = "RESULT: ok" ]
