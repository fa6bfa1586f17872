package generate

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
)

// Intrinsic functions. Inside policies and other untyped values they are
// these types, which marshal to the long JSON form; typed goformation string
// fields carry goformation's own encoded placeholders (cloudformation.Ref,
// …). render turns both into short YAML tags.
type (
	sub    string // !Sub 'text'
	getAtt string // !GetAtt Resource.Attribute
	ref    string // !Ref Name
)

func (s sub) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"Fn::Sub": string(s)})
}
func (g getAtt) MarshalJSON() ([]byte, error) {
	res, attr, _ := strings.Cut(string(g), ".")
	return json.Marshal(map[string][]string{"Fn::GetAtt": {res, attr}})
}
func (r ref) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]string{"Ref": string(r)}) }

// Short-form tags, as goccy/go-yaml prints them: a MarshalYAML that returns
// "!Tag value" is emitted as a real tag.
type (
	subTag    string
	getAttTag string
	refTag    string
)

func (s subTag) MarshalYAML() ([]byte, error) {
	return []byte("!Sub '" + strings.ReplaceAll(string(s), "'", "''") + "'"), nil
}
func (g getAttTag) MarshalYAML() ([]byte, error) { return []byte("!GetAtt " + string(g)), nil }
func (r refTag) MarshalYAML() ([]byte, error)    { return []byte("!Ref " + string(r)), nil }

// cfnTemplate is a template under construction: resources are goformation
// typed resources (so property names and types are checked by the
// compiler), kept in the order they are added.
type cfnTemplate struct {
	description string
	resources   []namedValue
	outputs     []cfnOutput
}

type namedValue struct {
	name  string
	value any
}

type cfnOutput struct {
	name, description string
	value             any
}

func (t *cfnTemplate) add(name string, resource any) {
	t.resources = append(t.resources, namedValue{name, resource})
}

func (t *cfnTemplate) output(name, description string, value any) {
	t.outputs = append(t.outputs, cfnOutput{name, description, value})
}

// propertyOrder puts the keys that say what a thing is (a resource, an
// inline policy) before the rest, which goformation gives in alphabetical
// order.
var propertyOrder = []string{"BucketName", "RoleName", "AliasName", "PolicyName", "Description"}

// render prints the template as YAML that reads like a hand-written one:
// short-form intrinsics, 2-space indent, Type before Properties.
func (t *cfnTemplate) render(header string) ([]byte, error) {
	resources := yaml.MapSlice{}
	for _, r := range t.resources {
		v, err := toOrdered(r.value)
		if err != nil {
			return nil, fmt.Errorf("resource %s: %w", r.name, err)
		}
		resources = append(resources, yaml.MapItem{Key: r.name, Value: v})
	}
	doc := yaml.MapSlice{
		{Key: "AWSTemplateFormatVersion", Value: "2010-09-09"},
		{Key: "Description", Value: t.description},
		{Key: "Resources", Value: resources},
	}
	if len(t.outputs) > 0 {
		outs := yaml.MapSlice{}
		for _, o := range t.outputs {
			v, err := toOrdered(o.value)
			if err != nil {
				return nil, fmt.Errorf("output %s: %w", o.name, err)
			}
			outs = append(outs, yaml.MapItem{Key: o.name, Value: yaml.MapSlice{
				{Key: "Description", Value: o.description},
				{Key: "Value", Value: v},
			}})
		}
		doc = append(doc, yaml.MapItem{Key: "Outputs", Value: outs})
	}
	body, err := yaml.MarshalWithOptions(doc, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("emit YAML: %w", err)
	}
	return append([]byte(header), body...), nil
}

func reorder(m yaml.MapSlice, first []string) yaml.MapSlice {
	out := make(yaml.MapSlice, 0, len(m))
	for _, k := range first {
		for _, it := range m {
			if it.Key == k {
				out = append(out, it)
			}
		}
	}
	for _, it := range m {
		if k, _ := it.Key.(string); !slices.Contains(first, k) {
			out = append(out, it)
		}
	}
	return out
}

// toOrdered marshals v to JSON (goformation resources marshal themselves as
// {Type, Properties, …}) and reads it back keeping the key order, turning
// intrinsic functions into short tags.
func toOrdered(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	out, err := decodeOrdered(dec)
	if err != nil {
		return nil, err
	}
	return shorten(out)
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			m := yaml.MapSlice{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				m = append(m, yaml.MapItem{Key: k, Value: v})
			}
			_, err := dec.Token() // '}'
			return m, err
		case '[':
			l := []any{}
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			_, err := dec.Token() // ']'
			return l, err
		}
		return nil, fmt.Errorf("unexpected %v", tok)
	case json.Number:
		if i, err := tok.Int64(); err == nil {
			return i, nil
		}
		return tok.String(), nil
	default:
		return tok, nil
	}
}

// shorten replaces long-form intrinsics ({"Ref": …}, {"Fn::Sub": …},
// {"Fn::GetAtt": [r, a]}) and goformation's encoded placeholders with tags.
func shorten(v any) (any, error) {
	switch v := v.(type) {
	case yaml.MapSlice:
		if len(v) == 1 {
			k, _ := v[0].Key.(string)
			switch k {
			case "Ref":
				if s, ok := v[0].Value.(string); ok {
					return refTag(s), nil
				}
			case "Fn::Sub":
				if s, ok := v[0].Value.(string); ok {
					return subTag(s), nil
				}
			case "Fn::GetAtt":
				if l, ok := v[0].Value.([]any); ok && len(l) == 2 {
					r, _ := l[0].(string)
					a, _ := l[1].(string)
					return getAttTag(r + "." + a), nil
				}
			}
			if strings.HasPrefix(k, "Fn::") {
				return nil, fmt.Errorf("intrinsic %s has no short form here", k)
			}
		}
		for i := range v {
			s, err := shorten(v[i].Value)
			if err != nil {
				return nil, err
			}
			v[i].Value = s
		}
		return reorder(v, propertyOrder), nil
	case []any:
		for i := range v {
			s, err := shorten(v[i])
			if err != nil {
				return nil, err
			}
			v[i] = s
		}
		return v, nil
	case string:
		if intr, ok := decodePlaceholder(v); ok {
			return shorten(intr)
		}
		return v, nil
	}
	return v, nil
}

// decodePlaceholder recognises goformation's intrinsic placeholders: base64
// of a one-key JSON object naming an intrinsic function.
func decodePlaceholder(s string) (any, bool) {
	if len(s) < 8 || len(s)%4 != 0 {
		return nil, false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false
	}
	m, ok := v.(yaml.MapSlice)
	if !ok || len(m) != 1 {
		return nil, false
	}
	k, _ := m[0].Key.(string)
	if k != "Ref" && !strings.HasPrefix(k, "Fn::") {
		return nil, false
	}
	return m, true
}
