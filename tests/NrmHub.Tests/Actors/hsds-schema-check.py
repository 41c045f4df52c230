# Checks NrmHub's HSDS output against the official schemas, with unknown properties forbidden.
# Usage: python3 tests/NrmHub.Tests/Actors/hsds-schema-check.py http://127.0.0.1:5000 SCHEMA_DIR
# SCHEMA_DIR holds schema/*.json of openreferral/specification at tag v3.0, and schema/compiled/*.json saved as
# compiled_<name>.json (e.g. for f in $(git ls-tree --name-only v3.0 schema/compiled/); do git show v3.0:$f > DIR/compiled_$(basename $f); done).
# Needs python3-jsonschema (with referencing). The files of /api/exports/hsds.json are checked against the plain
# schemas; the API's answers against those its OpenAPI profile names, except one: at tag v3.0 the profile's
# /service_at_locations/{id} points at compiled/service.json while its own description promises "fully nested
# service_at_location", which is what NrmHub answers, so that answer is checked against compiled/service_at_location.json.
import json, sys, glob, os, urllib.request
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
base = "https://hsds.example/schema/"
def strict(node):
    if isinstance(node, dict):
        t = node.get("type")
        if (t == "object" or (isinstance(t, list) and "object" in t)) and isinstance(node.get("properties"), dict):
            node["additionalProperties"] = False
        for v in node.values(): strict(v)
    elif isinstance(node, list):
        for v in node: strict(v)
    return node
schemas = {}
for p in glob.glob(os.path.join(sys.argv[2], "*.json")):
    n = os.path.basename(p)
    if n in ("openapi.json",): continue
    schemas[n] = strict(json.load(open(p)))
reg = Registry().with_resources([(base + n, Resource.from_contents(s, default_specification=DRAFT202012)) for n, s in schemas.items()])
def validator(name):
    return Draft202012Validator({"$ref": base + name}, registry=reg, format_checker=FormatChecker())
url = sys.argv[1]
get = lambda path: json.load(urllib.request.urlopen(url + path))
errors = 0; checked = 0
def check(name, obj, where):
    global errors, checked
    checked += 1
    for e in validator(name).iter_errors(obj):
        errors += 1; print(where, name, list(e.absolute_path), e.message[:200])
d = get("/api/exports/hsds.json")
for key, name in [("organizations","organization.json"),("services","service.json"),("locations","location.json"),("service_at_locations","service_at_location.json"),("taxonomies","taxonomy.json"),("taxonomy_terms","taxonomy_term.json")]:
    for i, o in enumerate(d[key]): check(name, o, f"hsds.json {key}[{i}]")
api = [("/api/hsds/services","compiled_service_list.json","compiled_service.json"),("/api/hsds/organizations","compiled_organization_list.json","compiled_organization.json"),("/api/hsds/service_at_locations","compiled_service_at_location_list.json","compiled_service_at_location.json"),("/api/hsds/taxonomies","taxonomy.json","taxonomy.json"),("/api/hsds/taxonomy_terms","taxonomy_term.json","taxonomy_term.json")]
for path, listed, detail in api:
    page = get(path + "?per_page=50")
    for o in page["contents"]:
        check(listed, o, path)
        check(detail, get(path + "/" + o["id"]), path + "/{id}")
print(f"checked {checked} objects, {errors} errors")
sys.exit(1 if errors else 0)
