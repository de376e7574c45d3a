package main

import (
	"fmt"
	"hash/fnv"
	mathrand "math/rand"
	"strings"

	petname "github.com/dustinkirkland/golang-petname"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"golang.org/x/crypto/bcrypt"
)

const (
	lowerChars   = "abcdefghijklmnopqrstuvwxyz"
	upperChars   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	numericChars = "0123456789"
	// The special characters terraform-provider-random uses unless overrideSpecial is set.
	defaultSpecial = "!@#$%&*()-_=+[]{}<>:?"
)

// stringProps are the inputs RandomPassword and RandomString share, with the SDK's defaults.
func stringProps(resultSecret bool) []prop {
	ps := []prop{
		keepersProp,
		{name: "length", typ: "integer", required: true, desc: "The length of the string desired. The minimum value for length is 1 and length must also be >= (minUpper + minLower + minNumeric + minSpecial)."},
		{name: "lower", typ: "boolean", def: true, desc: "Include lowercase alphabet characters in the result. Default value is true."},
		{name: "minLower", typ: "integer", def: 0.0, desc: "Minimum number of lowercase alphabet characters in the result. Default value is 0."},
		{name: "minNumeric", typ: "integer", def: 0.0, desc: "Minimum number of numeric characters in the result. Default value is 0."},
		{name: "minSpecial", typ: "integer", def: 0.0, desc: "Minimum number of special characters in the result. Default value is 0."},
		{name: "minUpper", typ: "integer", def: 0.0, desc: "Minimum number of uppercase alphabet characters in the result. Default value is 0."},
		{name: "number", typ: "boolean", def: true, desc: "Include numeric characters in the result. Default value is true. Deprecated: use numeric."},
		{name: "numeric", typ: "boolean", def: true, desc: "Include numeric characters in the result. Default value is true."},
		{name: "overrideSpecial", typ: "string", desc: "Supply your own list of special characters to use for string generation."},
		{name: "special", typ: "boolean", def: true, desc: "Include special characters in the result. These are !@#$%&*()-_=+[]{}<>:?. Default value is true."},
		{name: "upper", typ: "boolean", def: true, desc: "Include uppercase alphabet characters in the result. Default value is true."},
		{name: "result", typ: "string", output: true, secret: resultSecret, desc: "The generated random string."},
	}
	return ps
}

// syncNumber keeps the deprecated `number` and its replacement `numeric` equal, as the upstream provider does: the
// one that was set wins over the other's default.
func syncNumber(news resource.PropertyMap) {
	_, hasNumber := news["number"]
	_, hasNumeric := news["numeric"]
	switch {
	case hasNumber && !hasNumeric:
		news["numeric"] = news["number"]
	case hasNumeric && !hasNumber:
		news["number"] = news["numeric"]
	}
}

func validateString(in resource.PropertyMap) map[string]string {
	if !known(in, "length", "minLower", "minUpper", "minNumeric", "minSpecial", "lower", "upper", "numeric", "special") {
		return nil
	}
	length := num(in, "length")
	mins := num(in, "minLower") + num(in, "minUpper") + num(in, "minNumeric") + num(in, "minSpecial")
	switch {
	case length < 1:
		return map[string]string{"length": "length must be at least 1"}
	case length < mins:
		return map[string]string{"length": fmt.Sprintf("length (%d) must be >= minUpper + minLower + minNumeric + minSpecial (%d)", length, mins)}
	case !flag(in, "lower") && !flag(in, "upper") && !flag(in, "numeric") && !flag(in, "special"):
		return map[string]string{"length": "at least one of lower, upper, numeric and special must be true"}
	}
	return nil
}

// generateString draws every character from crypto/rand: first the minimum of each class, then the rest from all
// enabled classes, then a crypto/rand shuffle so the minimums are not at the front.
func generateString(in resource.PropertyMap) string {
	special := defaultSpecial
	if has(in, "overrideSpecial") {
		special = str(in, "overrideSpecial")
	}
	all := ""
	for _, c := range []struct {
		on    bool
		chars string
	}{{flag(in, "upper"), upperChars}, {flag(in, "lower"), lowerChars}, {flag(in, "numeric"), numericChars}, {flag(in, "special"), special}} {
		if c.on {
			all += c.chars
		}
	}
	var out []byte
	for _, m := range []struct {
		chars string
		n     int
	}{{numericChars, num(in, "minNumeric")}, {lowerChars, num(in, "minLower")}, {upperChars, num(in, "minUpper")}, {special, num(in, "minSpecial")}} {
		for i := 0; i < m.n && m.chars != ""; i++ {
			out = append(out, m.chars[randInt(len(m.chars))])
		}
	}
	for len(out) < num(in, "length") {
		out = append(out, all[randInt(len(all))])
	}
	shuffled := make([]byte, len(out))
	for i, j := range cryptoPerm(len(out)) {
		shuffled[i] = out[j]
	}
	return string(shuffled)
}

// bcryptHash hashes the password at bcrypt's default cost. bcrypt reads at most 72 bytes; a longer password is
// hashed by its first 72, as bcrypt always did (x/crypto now refuses longer input instead of truncating).
func bcryptHash(password string) (string, error) {
	b := []byte(password)
	if len(b) > 72 {
		b = b[:72]
	}
	h, err := bcrypt.GenerateFromPassword(b, bcrypt.DefaultCost)
	return string(h), err
}

// importedString is the state upstream builds for an imported password or string: the ID is the value itself and
// every flag is at its default.
func importedString(id string) resource.PropertyMap {
	in := resource.PropertyMap{"length": resource.NewNumberProperty(float64(len(id)))}
	for _, p := range stringProps(false) {
		if p.def != nil {
			in[resource.PropertyKey(p.name)] = defaultValue(p)
		}
	}
	in["result"] = resource.NewStringProperty(id)
	return in
}

func passwordKind() *kind {
	return &kind{
		token:    "random:index/randomPassword:RandomPassword",
		desc:     "A random password from crypto/rand; result and bcryptHash are secrets.",
		props:    append(stringProps(true), prop{name: "bcryptHash", typ: "string", output: true, secret: true, desc: "A bcrypt hash of the generated random string."}),
		validate: validateString,
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			out := copyInputs(in)
			result := generateString(in)
			h, err := bcryptHash(result)
			if err != nil {
				return "", nil, err
			}
			out["result"] = resource.NewStringProperty(result)
			out["bcryptHash"] = resource.NewStringProperty(h)
			return "none", out, nil
		},
		// `pulumi import random:index/randomPassword:RandomPassword NAME PASSWORD`.
		importID: func(id string) (string, resource.PropertyMap, error) {
			out := importedString(id)
			h, err := bcryptHash(id)
			if err != nil {
				return "", nil, err
			}
			out["bcryptHash"] = resource.NewStringProperty(h)
			return "none", out, nil
		},
	}
}

func stringKind() *kind {
	return &kind{
		token:    "random:index/randomString:RandomString",
		desc:     "A random string from crypto/rand (not a secret: use RandomPassword for secrets).",
		props:    stringProps(false),
		validate: validateString,
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			out := copyInputs(in)
			result := generateString(in)
			out["result"] = resource.NewStringProperty(result)
			return result, out, nil
		},
		// `pulumi import random:index/randomString:RandomString NAME STRING`.
		importID: func(id string) (string, resource.PropertyMap, error) { return id, importedString(id), nil },
	}
}

func petKind() *kind {
	return &kind{
		token: "random:index/randomPet:RandomPet",
		desc:  "A random pet name (adjectives and an animal), meant for unique names, not for secrets.",
		props: []prop{
			keepersProp,
			{name: "length", typ: "integer", def: 2.0, desc: "The length (in words) of the pet name. Defaults to 2."},
			{name: "prefix", typ: "string", desc: "A string to prefix the name with."},
			{name: "separator", typ: "string", def: "-", desc: "The character to separate words in the pet name. Defaults to \"-\"."},
		},
		validate: func(in resource.PropertyMap) map[string]string {
			if known(in, "length") && num(in, "length") < 1 {
				return map[string]string{"length": "length must be at least 1"}
			}
			return nil
		},
		create: func(in resource.PropertyMap) (string, resource.PropertyMap, error) {
			words := make([]string, 0, num(in, "length"))
			for i := num(in, "length"); i > 1; i-- {
				if i == 2 {
					words = append(words, petname.Adjective())
				} else {
					words = append(words, petname.Adverb())
				}
			}
			words = append(words, petname.Name())
			if has(in, "prefix") {
				words = append([]string{str(in, "prefix")}, words...)
			}
			return strings.Join(words, str(in, "separator")), copyInputs(in), nil
		},
	}
}

// seeded is the deterministic source RandomInteger and RandomShuffle use when a seed is given: the same seed gives
// the same result, which is what a seed is for (and why seeded values are not secrets).
func seeded(seed string) *mathrand.Rand {
	h := fnv.New64a()
	h.Write([]byte(seed))
	return mathrand.New(mathrand.NewSource(int64(h.Sum64())))
}
