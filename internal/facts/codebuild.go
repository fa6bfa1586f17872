package facts

// project adds the facts of an AWS::CodeBuild::Project: its name and the key
// it encrypts its output artifacts with.
func (t *tmpl) project(r *resource) {
	p := Project{
		ID: t.file + "#" + r.id, Name: t.resourceRef(r), Account: t.account, Region: t.region,
		Loc: t.resLoc(r), Locs: t.locs(r, "Name", "EncryptionKey"),
	}
	if s, ok := t.prop(r, "EncryptionKey"); ok {
		p.EncryptionKey = s
	}
	t.b.in.Projects = append(t.b.in.Projects, p)
}
