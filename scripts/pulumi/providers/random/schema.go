package main

import (
	"encoding/json"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

func typeSpec(p prop) map[string]any {
	switch p.typ {
	case "stringArray":
		return map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	case "keepers":
		return map[string]any{"type": "object", "additionalProperties": map[string]any{"$ref": "pulumi.json#/Any"}}
	default:
		return map[string]any{"type": p.typ}
	}
}

func defaultValue(p prop) resource.PropertyValue {
	return resource.NewPropertyValue(p.def)
}

// schemaJSON is the package schema GetSchema serves: @pulumi/random's tokens and property names.
func schemaJSON(version string) ([]byte, error) {
	resources := map[string]any{}
	for _, k := range kinds {
		inputs, props := map[string]any{}, map[string]any{}
		var required, requiredInputs []string
		for _, p := range k.props {
			s := typeSpec(p)
			s["description"] = p.desc
			if p.secret {
				s["secret"] = true
			}
			if p.def != nil {
				s["default"] = p.def
			}
			props[p.name] = s
			if !p.output {
				inputs[p.name] = s
				if p.required {
					requiredInputs = append(requiredInputs, p.name)
				}
			}
			if p.typ != "keepers" && (p.output || p.required || p.def != nil) {
				required = append(required, p.name)
			}
		}
		r := map[string]any{"description": k.desc, "properties": props, "inputProperties": inputs, "required": required}
		if len(requiredInputs) > 0 {
			r["requiredInputs"] = requiredInputs
		}
		resources[k.token] = r
	}
	return json.Marshal(map[string]any{
		"name":        "random",
		"displayName": "random",
		"version":     version,
		"description": "watercloud's native provider serving the @pulumi/random interface (not Pulumi's provider).",
		"license":     "Apache-2.0",
		"provider":    map[string]any{"description": "The provider type for the random package."},
		"resources":   resources,
		// Tokens are `random:index/randomPassword:RandomPassword`: the module is the part before the last "/", as in
		// every bridged provider's schema.
		"meta":     map[string]any{"moduleFormat": "(.*)(?:/[^/]*)"},
		"language": map[string]any{"nodejs": map[string]any{"packageName": "@pulumi/random"}},
	})
}
