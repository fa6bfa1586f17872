package facts

import (
	"encoding/json"
	"strings"

	"github.com/xacct-lint/xacct-lint/internal/source"
)

// API keys of a create-pipeline input, in camelCase.
var (
	inputKeys    = map[string]bool{"pipeline": true, "tags": true}
	pipelineKeys = map[string]bool{
		"name": true, "roleArn": true, "artifactStore": true, "artifactStores": true, "stages": true,
		"version": true, "executionMode": true, "pipelineType": true, "variables": true, "triggers": true,
	}
	stageKeys  = map[string]bool{"name": true, "blockers": true, "actions": true, "onFailure": true, "onSuccess": true, "beforeEntry": true}
	actionKeys = map[string]bool{
		"name": true, "actionTypeId": true, "runOrder": true, "configuration": true, "outputArtifacts": true,
		"inputArtifacts": true, "roleArn": true, "region": true, "namespace": true, "timeoutInMinutes": true,
		"commands": true, "outputVariables": true, "environmentVariables": true,
	}
	storeKeys = map[string]bool{"type": true, "location": true, "encryptionKey": true}
)

// pipeForm reads pipeline.json (camelCase) or a template's pipeline
// resource (PascalCase) with one reader.
type pipeForm struct {
	file   string
	pascal bool // template form
}

func (f *pipeForm) k(name string) string {
	if f.pascal && name != "" {
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return name
}

// camel turns a key back into the API's camelCase.
func (f *pipeForm) camel(key string) string {
	if f.pascal && key != "" {
		return strings.ToLower(key[:1]) + key[1:]
	}
	return key
}

func (f *pipeForm) get(v *val, name string) *val { return v.get(f.k(name)) }

func (f *pipeForm) entry(v *val, name string) *ventry { return v.entry(f.k(name)) }

// unknownKeys records keys of v the API does not accept (pipeline.json only).
func (f *pipeForm) unknownKeys(v *val, known map[string]bool) []Field {
	var out []Field
	if f.pascal || v == nil {
		return out
	}
	for i := range v.entries {
		e := &v.entries[i]
		if !known[e.key] {
			out = append(out, Field{Name: e.key, Loc: keyLoc(f.file, e)})
		}
	}
	return out
}

// pipelineJSON reads a pipeline.json document.
func (b *builder) pipelineJSON(doc *source.Document, account string) {
	root := fromNode(doc.Root, "")
	f := &pipeForm{file: doc.Path}
	p := root
	var extra []Field
	if pv := root.get("pipeline"); pv.isMap() {
		p = pv
		extra = f.unknownKeys(root, inputKeys)
	}
	b.readPipeline(f, p, doc.Path+"#"+p.ptr, "pipeline-json", account, b.binding(doc.Path).Region, b.valLoc(doc.Path, p), extra)
}

// pipeline reads an AWS::CodePipeline::Pipeline resource.
func (t *tmpl) pipeline(r *resource) {
	props := t.resolve(r.props, child(r.ptr, "Properties"))
	if !props.isMap() {
		props = &val{kind: source.Map, pos: r.keyPos, ptr: child(r.ptr, "Properties")}
	}
	if props.get("Name") == nil {
		props.entries = append(props.entries, ventry{key: "Name", keyPos: r.keyPos, v: strVal(t.resourceRef(r), r.keyPos, child(props.ptr, "Name"))})
	}
	f := &pipeForm{file: t.file, pascal: true}
	t.b.readPipeline(f, props, t.file+"#"+r.id, "template", t.account, t.region, t.resLoc(r), nil)
}

func (b *builder) readPipeline(f *pipeForm, p *val, id, src, account, region string, loc Loc, extra []Field) {
	pl := Pipeline{
		ID: id, Source: src, Account: account, Region: region,
		ArtifactStores: []ArtifactStore{}, Stages: []Stage{}, Extra: []Field{}, Loc: loc, Locs: map[string]Loc{},
	}
	pl.Extra = append(pl.Extra, extra...)
	pl.Extra = append(pl.Extra, f.unknownKeys(p, pipelineKeys)...)
	for i := range p.entries {
		e := &p.entries[i]
		pl.Locs[f.camel(e.key)] = keyLoc(f.file, e)
	}
	pl.Name = f.get(p, "name").text()
	if e := f.entry(p, "roleArn"); e != nil {
		pl.RoleArn = e.v.text()
		b.value("role-arn", pl.RoleArn, "roleArn", b.valLoc(f.file, e.v))
	}
	pl.PipelineType = f.get(p, "pipelineType").text()
	pl.ExecutionMode = f.get(p, "executionMode").text()
	pl.HasVariables = f.get(p, "variables") != nil
	pl.HasTriggers = f.get(p, "triggers") != nil
	if e := f.entry(p, "artifactStore"); e != nil {
		pl.HasArtifactStore = true
		pl.ArtifactStores = append(pl.ArtifactStores, b.store(f, e.v, "", keyLoc(f.file, e), &pl))
	}
	if e := f.entry(p, "artifactStores"); e != nil {
		pl.HasArtifactStores = true
		switch {
		case e.v.kind == source.Map && !f.pascal: // CLI input: region → store
			for i := range e.v.entries {
				re := &e.v.entries[i]
				pl.ArtifactStores = append(pl.ArtifactStores, b.store(f, re.v, re.key, keyLoc(f.file, re), &pl))
			}
		case e.v.kind == source.Seq: // template (and the API's list form): [{region, artifactStore}]
			for _, it := range e.v.items {
				st := f.get(it, "artifactStore")
				if st == nil {
					st = &val{kind: source.Map, pos: it.pos, ptr: it.ptr}
				}
				pl.ArtifactStores = append(pl.ArtifactStores, b.store(f, st, f.get(it, "region").text(), b.valLoc(f.file, it), &pl))
			}
		}
	}
	if stages := f.get(p, "stages"); stages != nil && stages.kind == source.Seq {
		for _, sv := range stages.items {
			pl.Stages = append(pl.Stages, b.stage(f, sv, &pl))
		}
	}
	b.in.Pipelines = append(b.in.Pipelines, pl)
}

func (b *builder) store(f *pipeForm, v *val, region string, loc Loc, pl *Pipeline) ArtifactStore {
	st := ArtifactStore{Region: region, Type: f.get(v, "type").text(), Location: f.get(v, "location").text(), Loc: loc}
	pl.Extra = append(pl.Extra, f.unknownKeys(v, storeKeys)...)
	if ek := f.get(v, "encryptionKey"); ek != nil {
		st.EncryptionKey = &EncryptionKey{ID: f.get(ek, "id").text(), Type: f.get(ek, "type").text(), Loc: b.valLoc(f.file, ek)}
		if idv := f.get(ek, "id"); idv != nil {
			st.EncryptionKey.Loc = b.valLoc(f.file, idv)
			b.value("key-ref", st.EncryptionKey.ID, "encryptionKey.id", b.valLoc(f.file, idv))
		}
	}
	return st
}

func (b *builder) stage(f *pipeForm, v *val, pl *Pipeline) Stage {
	st := Stage{Name: f.get(v, "name").text(), Actions: []Action{}, Loc: b.valLoc(f.file, v)}
	pl.Extra = append(pl.Extra, f.unknownKeys(v, stageKeys)...)
	if acts := f.get(v, "actions"); acts != nil && acts.kind == source.Seq {
		for _, av := range acts.items {
			st.Actions = append(st.Actions, b.action(f, av))
		}
	}
	return st
}

func (b *builder) action(f *pipeForm, v *val) Action {
	a := Action{
		Name: f.get(v, "name").text(), Configuration: map[string]string{},
		InputArtifacts: []string{}, OutputArtifacts: []string{}, Extra: f.unknownKeys(v, actionKeys),
		Loc: b.valLoc(f.file, v), Locs: map[string]Loc{},
	}
	if a.Extra == nil {
		a.Extra = []Field{}
	}
	for i := range v.entries {
		e := &v.entries[i]
		a.Locs[f.camel(e.key)] = keyLoc(f.file, e)
		a.setType(f, e.key, e.v)
	}
	if t := f.get(v, "actionTypeId"); t != nil {
		a.Category = f.get(t, "category").text()
		a.Owner = f.get(t, "owner").text()
		a.Provider = f.get(t, "provider").text()
		a.Version = f.get(t, "version").text()
	}
	if e := f.entry(v, "roleArn"); e != nil {
		a.RoleArn = e.v.text()
		b.value("role-arn", a.RoleArn, "roleArn", b.valLoc(f.file, e.v))
	}
	a.Region = f.get(v, "region").text()
	a.RunOrder = f.get(v, "runOrder").text()
	a.Namespace = f.get(v, "namespace").text()
	if c := f.get(v, "configuration"); c.isMap() {
		for i := range c.entries {
			e := &c.entries[i]
			a.Configuration[e.key] = configText(e.v)
			a.Locs["configuration."+e.key] = keyLoc(f.file, e)
			a.setType(f, "configuration."+e.key, e.v)
		}
	}
	a.InputArtifacts = artifactNames(f, f.get(v, "inputArtifacts"))
	a.OutputArtifacts = artifactNames(f, f.get(v, "outputArtifacts"))
	return a
}

func artifactNames(f *pipeForm, v *val) []string {
	out := []string{}
	if v == nil || v.kind != source.Seq {
		return out
	}
	for _, it := range v.items {
		if s, ok := it.scalar(); ok { // tolerate a bare name
			out = append(out, s)
			continue
		}
		out = append(out, f.get(it, "name").text())
	}
	return out
}

// configText is a configuration value as text: scalars as written, other
// values as compact JSON.
func configText(v *val) string {
	if s, ok := v.scalar(); ok {
		return s
	}
	data, err := json.Marshal(plain(v))
	if err != nil {
		return ""
	}
	return string(data)
}

func plain(v *val) any {
	if v == nil {
		return nil
	}
	switch v.kind {
	case source.Map:
		m := make(map[string]any, len(v.entries))
		for _, e := range v.entries {
			m[e.key] = plain(e.v)
		}
		return m
	case source.Seq:
		s := make([]any, len(v.items))
		for i, it := range v.items {
			s[i] = plain(it)
		}
		return s
	case source.Null:
		return nil
	}
	return v.str
}

// jsonTypes names source node kinds as JSON types.
var jsonTypes = map[source.NodeKind]string{
	source.Null: "null", source.String: "string", source.Number: "number",
	source.Bool: "bool", source.Map: "map", source.Seq: "list",
}

// setType records the JSON type of an action field written in a
// pipeline.json; a template's values are converted by CloudFormation.
func (a *Action) setType(f *pipeForm, key string, v *val) {
	if f.pascal || v == nil {
		return
	}
	if a.Types == nil {
		a.Types = map[string]string{}
	}
	a.Types[key] = jsonTypes[v.kind]
}
