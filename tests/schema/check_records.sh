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
#  (b) ECS, against ECS's own field list (tests/schema/ecs/ecs_fields.json,
#      trimmed from ecs_flat.yml): every field outside privtrace.* is an ECS
#      field of its ECS type (keyword a string, long a whole number, date
#      RFC 3339, ...), an array exactly where ECS normalizes to one, with
#      ECS's allowed values and pattern where it has them; the fields ECS
#      requires are present, ecs.version is that list's version; and each
#      event.type one ECS expects for one of the record's categories (the
#      rule Elastic's own package validator applies);
#  (c) the schema: every record valid against docs/privtrace.schema.json
#      (every path in it, types, required fields, enums, patterns, ranges),
#      with the schema itself kept to what this check implements, and
#      additionalProperties false on every object, so output and schema
#      cannot drift apart unseen.
#
# Prints "ok: ..." per rule, or "FAIL: ..." with up to 10 examples as
# FILE:LINE: what; exits 0 when all pass, 1 otherwise (2: bad usage).
# PT_SCHEMA=FILE checks against another schema, PT_ECS_FIELDS=FILE against
# another ECS field list.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCHEMA=${PT_SCHEMA:-$TOP/docs/privtrace.schema.json}
ECS_FIELDS=${PT_ECS_FIELDS:-$TOP/tests/schema/ecs/ecs_fields.json}

if [ $# -eq 0 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	sed -n '2,/^set /{/^set /d;s/^# \{0,1\}//;p}' "$0" >&2
	exit 2
fi
command -v jq >/dev/null || { echo "FAIL: jq is not installed" >&2; exit 2; }
[ -r "$SCHEMA" ] || { echo "FAIL: cannot read the schema $SCHEMA" >&2; exit 2; }
[ -r "$ECS_FIELDS" ] || { echo "FAIL: cannot read the ECS field list $ECS_FIELDS" >&2; exit 2; }

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

# ---- (b) ECS, from its own field list ----
def rfc3339: test("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$");
# the JSON a value of an ECS type is; null: a type privtrace does not write
def ecs_json_ok($t): if ($t | IN("keyword", "constant_keyword", "wildcard", "match_only_text", "text", "ip", "version"))
	then type == "string"
	elif ($t | IN("long", "integer", "short", "byte", "unsigned_long")) then type == "number" and . == floor
	elif ($t | IN("float", "half_float", "scaled_float", "double")) then type == "number"
	elif $t == "boolean" then type == "boolean"
	elif $t == "date" then type == "string" and rfc3339
	elif ($t | IN("object", "flattened", "nested")) then type == "object"
	else false end;
# [path, value] of every leaf outside privtrace.*: a scalar, an array of scalars, an empty array
def ecs_leaves: paths(type != "object") as $p | select(($p | map(type) | all(. == "string")) and $p[0] != "privtrace")
	| [($p | join(".")), getpath($p)] | select((.[1] | type) != "array" or all(.[1][]; type != "object" and type != "array"));
def ecs_problems($ecs; $required):
	. as $r | [
	(ecs_leaves as [$f, $v] | $ecs.fields[$f] as $d
	 | if $d == null then "\($f) is not an ECS field (ECS \($ecs._meta.ref)): put it under privtrace."
	   else ($d.normalize // [] | index("array") != null) as $arr
	   | if $arr and ($v | type) != "array" then "\($f) is an array in ECS, not \($v | a_type) (\($v | short))"
	     elif ($arr | not) and ($v | type) == "array" then "\($f) is a single value in ECS, not an array (\($v | short))"
	     else (if ($v | type) == "array" then $v[] else $v end) as $x
	     | (select($x | ecs_json_ok($d.type) | not) | "\($f) is \($d.type) in ECS, not \($x | a_type) (\($x | short))"),
	       (select($d.allowed_values and ([$d.allowed_values[].name] | index($x) | not))
		| "\($f): \($x | short) is not one of ECS's allowed values"),
	       (select($d.pattern and ($x | type) == "string" and ($x | test($d.pattern) | not))
		| "\($f): \($x | short) does not match ECS's pattern \($d.pattern)")
	     end
	   end),
	($required[] as $f | select($r | getpath($f | split(".")) == null) | "\($f) missing: ECS requires it"),
	(select(.ecs.version? != null and .ecs.version != ($ecs._meta.ref | ltrimstr("v")))
	 | "ecs.version \(.ecs.version | short) is not the version of the field list checked against (\($ecs._meta.ref))")
	];
# each event.type one that ECS expects for one of the record's categories
def ecs_expected_problems($expected_of):
	[.event? | objects | [.category[]?] as $cats | [.type[]?] as $types
	 | ([$cats[] | tostring as $c | $expected_of[$c] // [] | .[]] | unique) as $expected
	 | $types[] | tostring as $t | select(($cats | length) > 0 and ($expected | index($t) | not))
	 | "event.type \($t | tojson) is not one ECS expects for event.category \($cats | tojson) (expected: \($expected | join(", ")))"];

# ---- one pass over every line of every file ----
# counted; the first place of each of the first 10 different messages kept
def add_problem($rule; $where; $msg):
	.problems[$rule].n += 1
	| if .problems[$rule].m[$msg] then .problems[$rule].m[$msg].n += 1
	  elif (.problems[$rule].m | length) < 10 then .problems[$rule].m[$msg] = {n: 1, at: $where}
	  else . end;

$ecsdef[0] as $ecs
| [$ecs.fields | to_entries[] | select(.value.required) | .key] as $ecs_required
| ($ecs.fields["event.category"].allowed_values | map({(.name): .expected_event_types}) | add) as $ecs_expected
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
	  # A burst of one process's records differs in @timestamp and
	  # event.sequence alone: each different rest is checked once with a
	  # valid stand-in time and number, its problems replayed for the next
	  # ones; every time and every number is checked itself.
	  | ($r["@timestamp"] | type == "string" and $ts_node != null) as $ts
	  | ($r.event.sequence? | type == "number") as $seq
	  | (if $ts then $r | .["@timestamp"] = "2000-01-01T00:00:00.000000000Z" else $r end
	     | if $seq then .event.sequence = 1 else . end) as $rest
	  | ($rest | tojson) as $key
	  | (if .seen[$key] then . else
		.seen[$key] = [($rest | name_problems[] | ["names", .]),
			       ($rest | ecs_problems($ecs; $ecs_required)[] | ["ecs", .]),
			       ($rest | ecs_expected_problems($ecs_expected)[] | ["ecs_expected", .]),
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
		       (v($ts_node; "@timestamp") | ["schema", .])),
		    (select($seq) | $r.event.sequence | select(. != floor or . < 1)
		     | ["schema", "event.sequence: \(.) is not a whole number from 1"])) as $m
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
  report("ecs"; "ECS \($ecsdef[0]._meta.ref): every field outside privtrace. is ECS's, of its type and shape, with its allowed values; required fields present"),
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
	jq -n -r --slurpfile schema "$SCHEMA" --slurpfile ecsdef "$ECS_FIELDS" \
		--argjson files "$(printf '%s\n' "${files[@]}" | jq -R . | jq -s .)" "$PROG") ||
	{ echo "FAIL: jq failed on ${files[*]}"; exit 1; }
printf '%s\n' "$out" | grep -v '^RESULT: '
[ "$(printf '%s\n' "$out" | tail -1)" = "RESULT: ok" ]
