package facts

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/xacct-lint/xacct-lint/internal/awsdata"
	"github.com/xacct-lint/xacct-lint/internal/source"
)

// newTmpl indexes a template's sections.
func (b *builder) newTmpl(doc *source.Document, account string) *tmpl {
	t := &tmpl{
		b: b, doc: doc, file: doc.Path, account: account, region: b.binding(doc.Path).Region,
		params: map[string]*source.Node{}, resources: map[string]*resource{},
		memo: map[string]*val{}, busy: map[string]bool{}, condv: map[string]int8{},
	}
	t.maxCalls, t.maxBytes = resolveBudget(doc)
	root := doc.Root
	if p := root.Get("Parameters"); p != nil && p.Kind == source.Map {
		for _, e := range p.Entries {
			t.params[e.Key] = e.Value
		}
	}
	t.mappings = root.Get("Mappings")
	t.conditions = root.Get("Conditions")
	if rs := root.Get("Resources"); rs != nil && rs.Kind == source.Map {
		for _, e := range rs.Entries {
			n := e.Value
			r := &resource{id: e.Key, node: n, keyPos: e.KeyPos, ptr: child("/Resources", e.Key)}
			if n != nil && n.Kind == source.Map {
				if ty := n.Get("Type"); ty != nil {
					r.typ = ty.Str
				}
				r.props = n.Get("Properties")
			}
			t.resources[e.Key] = r
			t.order = append(t.order, e.Key)
		}
	}
	return t
}

// readTemplate adds the facts of one template.
func (b *builder) readTemplate(doc *source.Document, account string) {
	t := b.newTmpl(doc, account)
	for _, id := range t.order {
		r := t.resources[id]
		switch r.typ {
		case "AWS::S3::Bucket":
			t.bucket(r)
		case "AWS::S3::BucketPolicy":
			t.bucketPolicy(r)
		case "AWS::KMS::Key":
			t.key(r)
		case "AWS::KMS::Alias":
			t.alias(r)
		case "AWS::IAM::Role":
			t.role(r)
		case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
			t.iamPolicy(r)
		case "AWS::CodePipeline::Pipeline":
			t.pipeline(r)
		case "AWS::CodeBuild::Project":
			t.project(r)
		}
	}
}

func (t *tmpl) resLoc(r *resource) Loc {
	return Loc{File: t.file, Line: r.keyPos.Line, Column: r.keyPos.Column, Pointer: r.ptr}
}

// propVal resolves a property; nil when absent.
func (t *tmpl) propVal(r *resource, name string) (*val, *ventry) {
	props := r.props
	if props == nil || props.Kind != source.Map {
		return nil, nil
	}
	for _, e := range props.Entries {
		if e.Key == name {
			ptr := child(child(r.ptr, "Properties"), name)
			v := t.resolve(e.Value, ptr)
			if v == nil {
				return nil, nil
			}
			return v, &ventry{key: name, keyPos: e.KeyPos, v: v}
		}
	}
	return nil, nil
}

func (t *tmpl) propLoc(r *resource, name string) (Loc, bool) {
	if r.props == nil || r.props.Kind != source.Map {
		return Loc{}, false
	}
	for _, e := range r.props.Entries {
		if e.Key == name {
			return Loc{File: t.file, Line: e.KeyPos.Line, Column: e.KeyPos.Column, Pointer: child(child(r.ptr, "Properties"), name)}, true
		}
	}
	return Loc{}, false
}

func (t *tmpl) locs(r *resource, names ...string) map[string]Loc {
	m := map[string]Loc{}
	for _, n := range names {
		if l, ok := t.propLoc(r, n); ok {
			m[n] = l
		}
	}
	return m
}

func (t *tmpl) bucket(r *resource) {
	name := t.resourceRef(r)
	bk := Bucket{
		ID: t.file + "#" + r.id, Name: name, Arn: "arn:aws:s3:::" + name,
		Account: t.account, Region: t.region, Policies: []string{}, Loc: t.resLoc(r),
		Locs: t.locs(r, "BucketName", "BucketEncryption", "VersioningConfiguration", "PublicAccessBlockConfiguration"),
	}
	if enc, _ := t.propVal(r, "BucketEncryption"); enc != nil {
		if rules := enc.get("ServerSideEncryptionConfiguration"); rules != nil && rules.kind == source.Seq {
			for _, rule := range rules.items {
				def := rule.get("ServerSideEncryptionByDefault")
				if def == nil {
					continue
				}
				bk.Encryption = def.get("SSEAlgorithm").text()
				bk.KMSKey = def.get("KMSMasterKeyID").text()
				if k := def.get("KMSMasterKeyID"); k != nil {
					t.b.value("key-ref", bk.KMSKey, "KMSMasterKeyID", t.b.valLoc(t.file, k))
				}
				break
			}
		}
	}
	if v, _ := t.propVal(r, "VersioningConfiguration"); v != nil {
		bk.Versioning = v.get("Status").text()
	}
	if v, _ := t.propVal(r, "OwnershipControls"); v != nil {
		if rules := v.get("Rules"); rules != nil && rules.kind == source.Seq && len(rules.items) > 0 {
			bk.ObjectOwnership = rules.items[0].get("ObjectOwnership").text()
		}
	}
	if v, _ := t.propVal(r, "PublicAccessBlockConfiguration"); v != nil {
		flag := func(k string) bool {
			s := v.get(k).text()
			if hasUnknown(s) {
				t.b.unresolved("ref", "PublicAccessBlockConfiguration."+k+" is not known; taken as true", t.b.valLoc(t.file, v.get(k)))
				return true
			}
			return strings.EqualFold(s, "true")
		}
		bk.PublicAccessBlock = &PublicAccessBlock{
			BlockPublicAcls: flag("BlockPublicAcls"), BlockPublicPolicy: flag("BlockPublicPolicy"),
			IgnorePublicAcls: flag("IgnorePublicAcls"), RestrictPublicBuckets: flag("RestrictPublicBuckets"),
		}
	}
	t.b.addBucket(bk)
}

func (t *tmpl) bucketPolicy(r *resource) {
	bucket, _ := t.prop(r, "Bucket")
	doc, l := t.policyDoc(r, "PolicyDocument")
	id := t.b.addPolicy(policyInput{file: t.file, doc: doc, ptr: child(child(r.ptr, "Properties"), "PolicyDocument"), loc: l, kind: PolicyBucket, account: t.account})
	t.b.pendingBucketPolicies = append(t.b.pendingBucketPolicies, pendingBucketPolicy{policy: id, bucket: bucket, file: t.file, account: t.account, loc: l})
}

// policyDoc resolves a policy document property, which may be a map or a
// JSON string (KeyPolicy: !Sub | {...}); loc is where it is declared.
func (t *tmpl) policyDoc(r *resource, name string) (*val, Loc) {
	l, ok := t.propLoc(r, name)
	if !ok {
		l = t.resLoc(r)
		return nil, l
	}
	raw := r.props.Get(name)
	return t.docVal(raw, l.Pointer), l
}

// docVal resolves a policy document node at ptr.
func (t *tmpl) docVal(raw *source.Node, ptr string) *val {
	str, vars, sub := jsonString(raw)
	if str == nil {
		return t.resolve(raw, ptr)
	}
	var lookup func(string) (string, bool)
	if vars != nil {
		varPtr := index(child(ptr, "Fn::Sub"), 1)
		lookup = func(name string) (string, bool) {
			if vn := vars.Get(name); vn != nil {
				return t.resolveString(vn, child(varPtr, name)), true
			}
			return "", false
		}
	}
	return t.b.parseEmbedded(t.file, t.doc.Src, str, ptr, func(s string, pos source.Pos, p string) string {
		if !sub {
			return s
		}
		return t.substitute(s, lookup, pos, p)
	})
}

// jsonString returns the string node of a policy written as a JSON string,
// plain or in Fn::Sub (with its variables), or nil.
func jsonString(raw *source.Node) (str, vars *source.Node, sub bool) {
	if raw == nil {
		return nil, nil, false
	}
	if raw.Kind == source.String {
		return raw, nil, false
	}
	fn, arg, ok := isIntrinsic(raw)
	if !ok || fn != "Fn::Sub" || arg == nil {
		return nil, nil, false
	}
	if arg.Kind == source.String {
		return arg, nil, true
	}
	if arg.Kind == source.Seq && len(arg.Items) == 2 && arg.Items[0].Kind == source.String {
		return arg.Items[0], arg.Items[1], true
	}
	return nil, nil, false
}

// parseEmbedded parses a JSON document written inside a string node of a
// file. Positions are offset into the file when the string is a literal
// block scalar whose lines can be found in src; otherwise every position
// is the string's. Each string value goes through subst.
func (b *builder) parseEmbedded(file string, src []byte, str *source.Node, ptr string, subst func(string, source.Pos, string) string) *val {
	d, err := source.Parse(file+"#embedded.json", []byte(str.Str))
	mapPos := blockMapper(src, str)
	if err != nil {
		msg := err.Error()
		pos := str.Pos
		if se, ok := err.(*source.SyntaxError); ok {
			msg = se.Msg
			pos = mapPos(se.Pos)
		}
		b.problem("policy document in a string is not valid JSON: "+msg, Loc{File: file, Line: pos.Line, Column: pos.Column, Pointer: ptr})
		return nil
	}
	b.embedded[str] = true
	var conv func(n *source.Node, p string) *val
	conv = func(n *source.Node, p string) *val {
		if n == nil {
			return nil
		}
		v := &val{kind: n.Kind, str: n.Str, pos: mapPos(n.Pos), ptr: p}
		switch n.Kind {
		case source.String:
			v.str = subst(n.Str, v.pos, p)
			b.deferredScans = append(b.deferredScans, deferredScan{file: file, s: v.str, pos: v.pos, ptr: p})
		case source.Map:
			for _, e := range n.Entries {
				v.entries = append(v.entries, ventry{key: e.Key, keyPos: mapPos(e.KeyPos), v: conv(e.Value, child(p, e.Key))})
			}
		case source.Seq:
			for i, it := range n.Items {
				v.items = append(v.items, conv(it, index(p, i)))
			}
		}
		return v
	}
	return conv(d.Root, ptr)
}

// blockMapper returns a function from positions inside str's text to
// positions in src.
func blockMapper(src []byte, str *source.Node) func(source.Pos) source.Pos {
	fallback := func(source.Pos) source.Pos { return str.Pos }
	lines := bytes.Split(src, []byte{'\n'})
	l := str.Pos.Line
	if l < 1 || l > len(lines) {
		return fallback
	}
	head := strings.TrimSpace(string(lines[l-1][min(len(lines[l-1]), byteCol(lines[l-1], str.Pos.Column)):]))
	if head == "" || head[0] != '|' {
		return fallback
	}
	content := strings.Split(strings.TrimRight(str.Str, "\n"), "\n")
	indent := -1
	for i, c := range content {
		if l+i >= len(lines) {
			return fallback
		}
		line := string(lines[l+i])
		if c == "" {
			if strings.TrimSpace(line) != "" {
				return fallback
			}
			continue
		}
		if indent < 0 {
			indent = len(line) - len(strings.TrimLeft(line, " "))
		}
		if len(line) < indent || line[indent:] != c || strings.TrimLeft(line[:indent], " ") != "" {
			return fallback
		}
	}
	if indent < 0 {
		return fallback
	}
	return func(p source.Pos) source.Pos {
		if p.Line == 0 {
			return str.Pos
		}
		if p.Line > len(content) { // the end of the text, after its last newline
			last := content[len(content)-1]
			p = source.Pos{Line: len(content), Column: utf8.RuneCountInString(last) + 1}
		}
		return source.Pos{Line: l + p.Line, Column: indent + p.Column}
	}
}

// byteCol converts a 1-based character column into a byte offset.
func byteCol(line []byte, col int) int {
	n := 0
	for i := range string(line) {
		if n == col-1 {
			return i
		}
		n++
	}
	return len(line)
}

func (t *tmpl) key(r *resource) {
	ref := t.resourceRef(r)
	k := Key{
		ID: t.file + "#" + r.id, Arn: t.getAtt(r.id, "Arn", r.keyPos), Account: t.account, Region: t.region,
		Aliases: []string{}, KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", Loc: t.resLoc(r),
		Locs: t.locs(r, "KeySpec", "KeyUsage", "EnableKeyRotation", "KeyPolicy", "BypassPolicyLockoutSafetyCheck", "Enabled", "MultiRegion"),
	}
	if s, ok := t.prop(r, "KeySpec"); ok {
		k.KeySpec = s
	}
	if s, ok := t.prop(r, "KeyUsage"); ok {
		k.KeyUsage = s
	}
	if s, ok := t.prop(r, "EnableKeyRotation"); ok {
		k.Rotation = strings.ToLower(s)
	}
	if s, ok := t.prop(r, "BypassPolicyLockoutSafetyCheck"); ok {
		k.BypassLockout = strings.EqualFold(s, "true")
	}
	doc, l := t.policyDoc(r, "KeyPolicy")
	in := policyInput{file: t.file, doc: doc, ptr: child(child(r.ptr, "Properties"), "KeyPolicy"), loc: l, kind: PolicyKey, owner: k.ID, account: t.account}
	if r.props.Get("KeyPolicy") == nil {
		// KMS attaches its default key policy: the account's root may do everything.
		in.doc, in.synthetic = defaultKeyPolicy(t.acct(), r.keyPos, in.ptr), true
	}
	k.Policy = t.b.addPolicy(in)
	t.b.addKey(k, ref)
}

func (t *tmpl) alias(r *resource) {
	name, _ := t.prop(r, "AliasName")
	target, _ := t.prop(r, "TargetKeyId")
	t.b.pendingAliases = append(t.b.pendingAliases, pendingAlias{name: name, target: target, account: t.account, file: t.file})
}

func (t *tmpl) role(r *resource) {
	name := t.resourceRef(r)
	role := Role{
		ID: t.file + "#" + r.id, Name: name, Arn: t.getAtt(r.id, "Arn", r.keyPos), Account: t.account,
		Policies: []string{}, ManagedPolicies: []ManagedRef{}, Complete: true, Loc: t.resLoc(r),
	}
	if r.props.Get("AssumeRolePolicyDocument") != nil {
		doc, l := t.policyDoc(r, "AssumeRolePolicyDocument")
		role.Trust = t.b.addPolicy(policyInput{file: t.file, doc: doc, ptr: l.Pointer, loc: l, kind: PolicyTrust, owner: role.ID, account: t.account})
	}
	if pols := r.props.Get("Policies"); pols != nil {
		ptr := child(child(r.ptr, "Properties"), "Policies")
		v := t.resolve(pols, ptr)
		if v == nil || v.kind != source.Seq {
			if v != nil {
				role.Complete = false
			}
		} else {
			for i, it := range v.items {
				if !it.isMap() { // an Fn::If between policies, an import: unknown content
					role.Complete = false
					continue
				}
				// Re-read the raw node so a JSON-string document keeps its positions.
				var raw *source.Node
				if pols.Kind == source.Seq && i < len(pols.Items) && len(v.items) == len(pols.Items) {
					raw = pols.Items[i].Get("PolicyDocument")
				}
				var doc *val
				dptr := child(it.ptr, "PolicyDocument")
				if raw != nil {
					doc = t.docVal(raw, dptr)
				} else {
					doc = it.get("PolicyDocument")
				}
				l := t.b.valLoc(t.file, it)
				if e := it.entry("PolicyDocument"); e != nil {
					l = keyLoc(t.file, e)
				}
				l.Pointer = dptr
				role.Policies = append(role.Policies, t.b.addPolicy(policyInput{file: t.file, doc: doc, ptr: dptr, loc: l, kind: PolicyIdentity, owner: role.ID, account: t.account}))
			}
		}
	}
	if mp, _ := t.propVal(r, "ManagedPolicyArns"); mp != nil {
		items := []*val{mp}
		if mp.kind == source.Seq {
			items = mp.items
		}
		for _, it := range items {
			arn, _ := it.scalar()
			role.ManagedPolicies = append(role.ManagedPolicies, ManagedRef{Arn: arn, Loc: t.b.valLoc(t.file, it)})
		}
	}
	t.b.addRole(role)
}

func (t *tmpl) iamPolicy(r *resource) {
	doc, l := t.policyDoc(r, "PolicyDocument")
	id := t.b.addPolicy(policyInput{file: t.file, doc: doc, ptr: child(child(r.ptr, "Properties"), "PolicyDocument"), loc: l, kind: PolicyIdentity, account: t.account})
	pa := pendingAttach{policy: id, file: t.file, account: t.account, loc: t.resLoc(r)}
	if v, _ := t.propVal(r, "Roles"); v != nil {
		pa.roles = scalars(v)
		if v.kind == source.Seq && len(pa.roles) != len(v.items) {
			pa.unknown = true
		}
	}
	if r.typ == "AWS::IAM::ManagedPolicy" {
		pa.ref = t.resourceRef(r)
	}
	t.b.pendingAttach = append(t.b.pendingAttach, pa)
}

// expandManaged returns the Policy id of a known AWS managed policy, adding
// it on first use.
func (b *builder) expandManaged(arn string, loc Loc) (string, bool) {
	doc, name, ok := awsdata.ManagedPolicy(arn)
	if !ok {
		return "", false
	}
	id := "managed:" + name
	if _, ok := b.policyIdx[id]; ok {
		return id, true
	}
	d, err := source.Parse(name+".json", doc)
	if err != nil {
		return "", false
	}
	v := fromNode(d.Root, "")
	return b.addPolicy(policyInput{file: loc.File, doc: v, ptr: "", loc: loc, kind: PolicyIdentity, managed: name}), true
}

// defaultKeyPolicy is the key policy KMS gives a key created without one.
func defaultKeyPolicy(account string, pos source.Pos, ptr string) *val {
	str := func(s, p string) *val { return strVal(s, pos, p) }
	entry := func(k string, v *val) ventry { return ventry{key: k, keyPos: pos, v: v} }
	sp := ptr + "/Statement/0"
	stmt := &val{kind: source.Map, pos: pos, ptr: sp, entries: []ventry{
		entry("Sid", str("Enable IAM User Permissions", sp+"/Sid")),
		entry("Effect", str("Allow", sp+"/Effect")),
		entry("Principal", &val{kind: source.Map, pos: pos, ptr: sp + "/Principal", entries: []ventry{
			entry("AWS", str("arn:aws:iam::"+account+":root", sp+"/Principal/AWS")),
		}}),
		entry("Action", str("kms:*", sp+"/Action")),
		entry("Resource", str("*", sp+"/Resource")),
	}}
	return &val{kind: source.Map, pos: pos, ptr: ptr, entries: []ventry{
		entry("Version", str("2012-10-17", ptr+"/Version")),
		entry("Statement", &val{kind: source.Seq, pos: pos, ptr: ptr + "/Statement", items: []*val{stmt}}),
	}}
}
