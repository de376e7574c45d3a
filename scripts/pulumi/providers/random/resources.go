package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// prop is one property of a resource as @pulumi/random names it (node_modules/@pulumi/random/<resource>.d.ts).
type prop struct {
	name     string
	typ      string // string | integer | boolean | stringArray | keepers
	required bool   // a required input
	output   bool   // computed by the provider, never an input
	secret   bool   // the SDK lists it in additionalSecretOutputs; the provider returns it as a secret too
	def      any    // default filled in by Check when the input is absent
	desc     string
}

// kind is one resource of the package: its schema and how a value is made, imported and checked.
type kind struct {
	token string
	desc  string
	props []prop
	// create makes the resource's outputs from its checked inputs; it returns the resource ID.
	create func(in resource.PropertyMap) (string, resource.PropertyMap, error)
	// importID rebuilds the state from an ID given to `pulumi import`; nil when the resource cannot be imported.
	importID func(id string) (string, resource.PropertyMap, error)
	// validate reports input problems by property name; only known values are checked.
	validate func(in resource.PropertyMap) map[string]string
}

var keepersProp = prop{name: "keepers", typ: "keepers",
	desc: "Arbitrary map of values that, when changed, will trigger recreation of resource."}

func str(m resource.PropertyMap, k string) string {
	if v, ok := m[resource.PropertyKey(k)]; ok {
		v = unsecret(v)
		if v.IsString() {
			return v.StringValue()
		}
	}
	return ""
}

func num(m resource.PropertyMap, k string) int {
	if v, ok := m[resource.PropertyKey(k)]; ok {
		v = unsecret(v)
		if v.IsNumber() {
			return int(v.NumberValue())
		}
	}
	return 0
}

func flag(m resource.PropertyMap, k string) bool {
	if v, ok := m[resource.PropertyKey(k)]; ok {
		v = unsecret(v)
		if v.IsBool() {
			return v.BoolValue()
		}
	}
	return false
}

func has(m resource.PropertyMap, k string) bool {
	v, ok := m[resource.PropertyKey(k)]
	return ok && !v.IsNull()
}

func known(m resource.PropertyMap, keys ...string) bool {
	for _, k := range keys {
		if v, ok := m[resource.PropertyKey(k)]; ok && (v.IsComputed() || v.IsOutput() && !v.OutputValue().Known) {
			return false
		}
	}
	return true
}

func unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// randInt returns a uniform integer in [0, n) from crypto/rand.
func randInt(n int) int {
	i, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return int(i.Int64())
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return b
}

func copyInputs(in resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range in {
		out[k] = v
	}
	return out
}

// kinds is every resource of @pulumi/random 4.21.2.
var kinds = []*kind{
	passwordKind(), stringKind(), idKind(), integerKind(), bytesKind(), shuffleKind(), petKind(),
	uuidKind("random:index/randomUuid:RandomUuid", "A random UUID (version 4) from crypto/rand.", func() (uuid.UUID, error) { return uuid.NewRandom() }),
	uuidKind("random:index/randomUuid4:RandomUuid4", "A random version 4 UUID from crypto/rand.", func() (uuid.UUID, error) { return uuid.NewRandom() }),
	uuidKind("random:index/randomUuid7:RandomUuid7", "A version 7 (time-ordered) UUID.", func() (uuid.UUID, error) { return uuid.NewV7() }),
}

func (k *kind) hasProp(name string) bool {
	for _, p := range k.props {
		if p.name == name {
			return true
		}
	}
	return false
}

func kindOf(token string) *kind {
	for _, k := range kinds {
		if k.token == token {
			return k
		}
	}
	return nil
}

func idKind() *kind {
	return &kind{
		token: "random:index/randomId:RandomId",
		desc:  "Random bytes from crypto/rand, presented as base64 (standard and URL-safe), hex and decimal.",
		props: []prop{
			{name: "byteLength", typ: "integer", required: true, desc: "The number of random bytes to produce."},
			keepersProp,
			{name: "prefix", typ: "string", desc: "Arbitrary string to prefix the output value with."},
			{name: "b64Std", typ: "string", output: true, desc: "The generated id presented in standard base64 encoding, prefixed."},
			{name: "b64Url", typ: "string", output: true, desc: "The generated id presented in URL-safe base64 without padding, prefixed."},
			{name: "dec", typ: "string", output: true, desc: "The generated id presented in non-padded decimal digits, prefixed."},
			{name: "hex", typ: "string", output: true, desc: "The generated id presented in padded hexadecimal digits, prefixed."},
		},
		validate: func(in resource.PropertyMap) map[string]string {
			if known(in, "byteLength") && num(in, "byteLength") < 1 {
				return map[string]string{"byteLength": "byteLength must be at least 1"}
			}
			return nil
		},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			b := randomBytes(num(in, "byteLength"))
			return idOutputs(in, b, str(in, "prefix"))
		},
		// `pulumi import random:index/randomId:RandomId NAME B64URL` or `PREFIX,B64URL`.
		importID: func(id string) (string, resource.PropertyMap, error) {
			prefix, b64 := "", id
			if i := strings.LastIndex(id, ","); i >= 0 {
				prefix, b64 = id[:i], id[i+1:]
			}
			b, err := base64.RawURLEncoding.DecodeString(b64)
			if err != nil {
				return "", nil, fmt.Errorf("import ID %q is not URL-safe base64 without padding ([PREFIX,]B64URL): %v", id, err)
			}
			in := resource.PropertyMap{"byteLength": resource.NewNumberProperty(float64(len(b)))}
			if prefix != "" {
				in["prefix"] = resource.NewStringProperty(prefix)
			}
			return idOutputs(in, b, prefix)
		},
	}
}

func idOutputs(in resource.PropertyMap, b []byte, prefix string) (string, resource.PropertyMap, error) {
	out := copyInputs(in)
	id := base64.RawURLEncoding.EncodeToString(b)
	out["b64Url"] = resource.NewStringProperty(prefix + id)
	out["b64Std"] = resource.NewStringProperty(prefix + base64.StdEncoding.EncodeToString(b))
	out["hex"] = resource.NewStringProperty(prefix + hex.EncodeToString(b))
	out["dec"] = resource.NewStringProperty(prefix + new(big.Int).SetBytes(b).String())
	return id, out, nil
}

func bytesKind() *kind {
	return &kind{
		token: "random:index/randomBytes:RandomBytes",
		desc:  "Random bytes from crypto/rand, as secret base64 and hex strings.",
		props: []prop{
			{name: "length", typ: "integer", required: true, desc: "The number of bytes requested."},
			keepersProp,
			{name: "base64", typ: "string", output: true, secret: true, desc: "The generated bytes presented in base64 string format."},
			{name: "hex", typ: "string", output: true, secret: true, desc: "The generated bytes presented in hex string format."},
		},
		validate: func(in resource.PropertyMap) map[string]string {
			if known(in, "length") && num(in, "length") < 1 {
				return map[string]string{"length": "length must be at least 1"}
			}
			return nil
		},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			return bytesOutputs(in, randomBytes(num(in, "length")))
		},
		// `pulumi import random:index/randomBytes:RandomBytes NAME BASE64`.
		importID: func(id string) (string, resource.PropertyMap, error) {
			b, err := base64.StdEncoding.DecodeString(id)
			if err != nil {
				return "", nil, fmt.Errorf("import ID is not standard base64: %v", err)
			}
			return bytesOutputs(resource.PropertyMap{"length": resource.NewNumberProperty(float64(len(b)))}, b)
		},
	}
}

func bytesOutputs(in resource.PropertyMap, b []byte) (string, resource.PropertyMap, error) {
	out := copyInputs(in)
	out["base64"] = resource.NewStringProperty(base64.StdEncoding.EncodeToString(b))
	out["hex"] = resource.NewStringProperty(hex.EncodeToString(b))
	return "none", out, nil
}

func integerKind() *kind {
	return &kind{
		token: "random:index/randomInteger:RandomInteger",
		desc:  "A random integer in [min, max], from crypto/rand (or a deterministic source when seed is set).",
		props: []prop{
			keepersProp,
			{name: "max", typ: "integer", required: true, desc: "The maximum inclusive value of the range."},
			{name: "min", typ: "integer", required: true, desc: "The minimum inclusive value of the range."},
			{name: "seed", typ: "string", desc: "A custom seed to always produce the same value."},
			{name: "result", typ: "integer", output: true, desc: "The random integer result."},
		},
		validate: func(in resource.PropertyMap) map[string]string {
			if known(in, "min", "max") && num(in, "max") < num(in, "min") {
				return map[string]string{"max": "max must be greater than or equal to min"}
			}
			return nil
		},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			lo, hi := num(in, "min"), num(in, "max")
			var n int
			if has(in, "seed") {
				n = lo + seeded(str(in, "seed")).Intn(hi-lo+1)
			} else {
				n = lo + randInt(hi-lo+1)
			}
			out := copyInputs(in)
			out["result"] = resource.NewNumberProperty(float64(n))
			return strconv.Itoa(n), out, nil
		},
		// `pulumi import random:index/randomInteger:RandomInteger NAME RESULT,MIN,MAX[,SEED]`.
		importID: func(id string) (string, resource.PropertyMap, error) {
			parts := strings.Split(id, ",")
			if len(parts) != 3 && len(parts) != 4 {
				return "", nil, fmt.Errorf("import ID %q must be RESULT,MIN,MAX or RESULT,MIN,MAX,SEED", id)
			}
			vals := make([]int, 3)
			for i := range vals {
				v, err := strconv.Atoi(parts[i])
				if err != nil {
					return "", nil, fmt.Errorf("import ID %q: %q is not an integer", id, parts[i])
				}
				vals[i] = v
			}
			out := resource.PropertyMap{
				"result": resource.NewNumberProperty(float64(vals[0])),
				"min":    resource.NewNumberProperty(float64(vals[1])),
				"max":    resource.NewNumberProperty(float64(vals[2])),
			}
			if len(parts) == 4 {
				out["seed"] = resource.NewStringProperty(parts[3])
			}
			return parts[0], out, nil
		},
	}
}

func shuffleKind() *kind {
	return &kind{
		token: "random:index/randomShuffle:RandomShuffle",
		desc:  "A random permutation of a list of strings, from crypto/rand (or a deterministic source when seed is set).",
		props: []prop{
			{name: "inputs", typ: "stringArray", required: true, desc: "The list of strings to shuffle."},
			keepersProp,
			{name: "resultCount", typ: "integer", desc: "The number of results to return. Defaults to the number of items in the inputs list."},
			{name: "seed", typ: "string", desc: "Arbitrary string with which to seed the random number generator."},
			{name: "results", typ: "stringArray", output: true, desc: "Random permutation of the list of strings given in inputs."},
		},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			var items []string
			if v, ok := in["inputs"]; ok && unsecret(v).IsArray() {
				for _, e := range unsecret(v).ArrayValue() {
					items = append(items, unsecret(e).StringValue())
				}
			}
			count := len(items)
			if has(in, "resultCount") {
				count = num(in, "resultCount")
			}
			perm := func(n int) []int { return cryptoPerm(n) }
			if has(in, "seed") {
				r := seeded(str(in, "seed"))
				perm = r.Perm
			}
			results := []resource.PropertyValue{}
			for len(items) > 0 && len(results) < count {
				for _, i := range perm(len(items)) {
					results = append(results, resource.NewStringProperty(items[i]))
					if len(results) >= count {
						break
					}
				}
			}
			out := copyInputs(in)
			out["results"] = resource.NewArrayProperty(results)
			return "-", out, nil
		},
	}
}

// cryptoPerm is a Fisher-Yates permutation of [0, n) driven by crypto/rand.
func cryptoPerm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := randInt(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

func uuidKind(token, desc string, gen func() (uuid.UUID, error)) *kind {
	return &kind{
		token: token,
		desc:  desc,
		props: []prop{keepersProp, {name: "result", typ: "string", output: true, desc: "The generated uuid presented in string format."}},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			u, err := gen()
			if err != nil {
				return "", nil, err
			}
			out := copyInputs(in)
			out["result"] = resource.NewStringProperty(u.String())
			return u.String(), out, nil
		},
		// `pulumi import TOKEN NAME UUID`.
		importID: func(id string) (string, resource.PropertyMap, error) {
			u, err := uuid.Parse(id)
			if err != nil {
				return "", nil, fmt.Errorf("import ID %q is not a UUID: %v", id, err)
			}
			return u.String(), resource.PropertyMap{"result": resource.NewStringProperty(u.String())}, nil
		},
	}
}
