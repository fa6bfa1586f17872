package model

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// Patterns and limits, from the CodePipeline, IAM, KMS, S3 and
// CloudFormation API references.
var (
	accountIDRe     = regexp.MustCompile(`^\d{12}$`)
	regionRe        = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$`)
	pipelineNameRe  = regexp.MustCompile(`^[A-Za-z0-9.@\-_]{1,100}$`)
	artifactNameRe  = regexp.MustCompile(`^[A-Za-z0-9_\-]{1,100}$`)
	keyAliasRe      = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)
	keyIDRe         = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	roleNameRe      = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	roleArnRe       = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$`)
	adminArnRe      = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}):(?:(?:role|user)/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}|root)$`)
	connectionArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d:\d{12}:connection/[A-Za-z0-9-]+$`)
	targetNameRe    = regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`)
	stackNameRe     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,127}$`)
	buildProjectRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$`)
	codeCommitRepo  = regexp.MustCompile(`^[\w.-]{1,100}$`)
	fullRepoIDRe    = regexp.MustCompile(`^[^/\s]+(/[^/\s]+)+$`)
	ecrRepoRe       = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
)

const (
	maxImages              = 4   // CodeDeployToECS: Image1ArtifactName … Image4ArtifactName
	maxCodeDeployECSInputs = 5   // CodeDeployToECS input artifacts: 1 to 5
	maxRunOrder            = 999 // ActionDeclaration runOrder: 1–999
	maxKeyAliasLen         = 256
)

// cfnCapabilities are the values CloudFormation accepts in Capabilities.
var cfnCapabilities = []string{"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"}

// Validate checks a Setup built in code (Parse and Load already validate
// what they read). It returns nil or a *Errors; the problems carry paths
// but no file positions.
func (s *Setup) Validate() error {
	v := &validator{}
	v.setup(s)
	if len(v.errs) == 0 {
		return nil
	}
	return &Errors{List: sortErrors(v.errs)}
}

// validator checks a decoded Setup and reports problems at the positions the
// decoder recorded.
type validator struct {
	file string
	pos  positions
	bad  map[string]bool // paths whose decoding failed: no more reports under them
	null map[string]bool // paths written without a value
	errs []*FieldError

	toolsAccount string
}

// parentPath strips the last ".name" or "[i]" from a path.
func parentPath(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return ""
}

// skip tells whether path or one of its parents failed to decode.
func (v *validator) skip(path string) bool {
	for p := path; ; p = parentPath(p) {
		if v.bad[p] {
			return true
		}
		if p == "" {
			return false
		}
	}
}

// valueAt is where the value of path was written, else where its nearest
// written parent was.
func (v *validator) valueAt(path string) pos {
	for p := path; ; p = parentPath(p) {
		if fp, ok := v.pos[p]; ok && fp.value != (pos{}) {
			return fp.value
		}
		if p == "" {
			return pos{}
		}
	}
}

// keyAt is where the key of path was written (or its value, for list
// items), else where its parent mapping starts: the place a missing field
// belongs.
func (v *validator) keyAt(path string) pos {
	if fp, ok := v.pos[path]; ok {
		if fp.key != (pos{}) {
			return fp.key
		}
		if fp.value != (pos{}) {
			return fp.value
		}
	}
	if path == "" {
		return pos{}
	}
	return v.valueAt(parentPath(path))
}

// add records msg, a whole message, as a problem of path at p.
func (v *validator) add(path string, p pos, msg string) {
	if v.skip(path) {
		return
	}
	v.errs = append(v.errs, &FieldError{File: v.file, Line: p.line, Column: p.col, Path: path, Message: msg})
}

// invalid reports a bad value at path.
// The message is "path: " and the formatted text.
func (v *validator) invalid(path, format string, args ...any) {
	v.add(path, v.valueAt(path), path+": "+fmt.Sprintf(format, args...))
}

// missing reports a required field that is absent or empty.
func (v *validator) missing(path string) {
	v.add(path, v.keyAt(path), path+" is required")
}

// required reports a missing value and tells whether the value is there.
func (v *validator) required(path, value string) bool {
	if value == "" {
		v.missing(path)
		return false
	}
	return true
}

// match reports value at path unless it is empty or matches re; what says
// what the value should be. It tells whether the value is present and good.
func (v *validator) match(path, value string, re *regexp.Regexp, what string) bool {
	if value == "" {
		return false
	}
	if !re.MatchString(value) {
		v.invalid(path, "%q is not %s", value, what)
		return false
	}
	return true
}

const (
	whatAccount      = "a 12-digit AWS account ID"
	whatRegion       = `an AWS region name (like "ap-northeast-1")`
	whatArtifact     = `a valid artifact name (1–100 letters, digits, "_" or "-"; no dots)`
	whatRoleName     = `a valid IAM role name (1–64 letters, digits and "+=,.@_-")`
	whatRoleArn      = "an IAM role ARN (arn:aws:iam::123456789012:role/NAME)"
	whatKeyID        = "a KMS key ID (a UUID like 1234abcd-12ab-34cd-56ef-1234567890ab)"
	whatPipelineName = `a valid pipeline name (1–100 letters, digits, ".", "@", "-" or "_")`
)

// section tells whether the mapping at path was written. When it was not,
// it reports the section itself as missing, once, rather than each of its
// required fields. A Setup built in code has no positions: every section
// counts as written.
func (v *validator) section(path string) bool {
	if v.pos == nil {
		return true
	}
	if _, written := v.pos[path]; written && !v.null[path] {
		return true
	}
	v.missing(path)
	return false
}

// setup checks the whole setup.
func (v *validator) setup(s *Setup) {
	v.toolsAccount = s.Tools.AccountID
	if v.section("pipeline") {
		v.pipeline(s)
	}
	if v.section("tools") {
		v.tools(s)
	}
	if v.section("source") {
		v.source(s)
	}
	if s.Build != nil {
		v.build(s)
	}
	v.targets(s)
	v.regions(s)
}

func (v *validator) pipeline(s *Setup) {
	p := s.Pipeline
	if v.required("pipeline.name", p.Name) {
		v.match("pipeline.name", p.Name, pipelineNameRe, whatPipelineName)
	}
	if v.required("pipeline.region", p.Region) {
		v.match("pipeline.region", p.Region, regionRe, whatRegion)
	}
	switch p.Type {
	case "", PipelineTypeV1, PipelineTypeV2:
		// V1 pipelines cannot use variables, triggers or the QUEUED and
		// PARALLEL execution modes; the model has none of these yet.
	default:
		v.invalid("pipeline.type", "%q is not a pipeline type (V1 or V2)", p.Type)
	}
}

func (v *validator) tools(s *Setup) {
	t := s.Tools
	if v.required("tools.accountId", t.AccountID) {
		v.match("tools.accountId", t.AccountID, accountIDRe, whatAccount)
	}
	if v.required("tools.artifactBucket", t.ArtifactBucket) {
		v.bucket("tools.artifactBucket", t.ArtifactBucket)
	}
	if v.required("tools.keyAlias", t.KeyAlias) {
		v.keyAlias("tools.keyAlias", t.KeyAlias)
	}
	v.match("tools.keyId", t.KeyID, keyIDRe, whatKeyID)
	for i, a := range t.KeyAdministrators {
		path := fmt.Sprintf("tools.keyAdministrators[%d]", i)
		if v.required(path, a) {
			v.match(path, a, adminArnRe, "an IAM role or user ARN (arn:aws:iam::123456789012:role/NAME)")
		}
	}
	if v.required("tools.pipelineRoleName", t.PipelineRoleName) {
		v.match("tools.pipelineRoleName", t.PipelineRoleName, roleNameRe, whatRoleName)
	}
}

func (v *validator) keyAlias(path, alias string) {
	switch {
	case len(alias) > maxKeyAliasLen:
		v.invalid(path, "%q is longer than %d characters", alias, maxKeyAliasLen)
	case !keyAliasRe.MatchString(alias):
		v.invalid(path, `%q is not a KMS alias name ("alias/" followed by letters, digits, "/", "_" or "-")`, alias)
	case strings.HasPrefix(alias, "alias/aws/"):
		v.invalid(path, "%q is reserved for AWS managed keys; cross-account actions need a customer managed key", alias)
	}
}

// bucket checks S3's naming rules for general purpose buckets.
func (v *validator) bucket(path, name string) {
	if why := bucketNameProblem(name); why != "" {
		v.invalid(path, "%q is not a valid S3 bucket name: %s", name, why)
	}
}

// bucketNameProblem says what is wrong with an S3 bucket name, or "".
func bucketNameProblem(name string) string {
	if len(name) < 3 || len(name) > 63 {
		return "it must be 3–63 characters long"
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return "it may contain only lowercase letters, digits, dots and hyphens"
		}
	}
	isAlnum := func(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }
	if !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return "it must begin and end with a letter or digit"
	}
	if strings.Contains(name, "..") {
		return "it must not contain two adjacent dots"
	}
	if addr, err := netip.ParseAddr(name); err == nil && addr.Is4() {
		return "it must not be formatted as an IP address"
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fmt.Sprintf("the prefix %q is reserved", p)
		}
	}
	for _, suf := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, suf) {
			return fmt.Sprintf("the suffix %q is reserved", suf)
		}
	}
	return ""
}

// sourceFields are the provider-specific fields of Source and the providers
// that use them.
var sourceFields = []struct {
	name      string
	get       func(*Source) string
	providers []string
}{
	{"bucket", func(s *Source) string { return s.Bucket }, []string{SourceS3}},
	{"objectKey", func(s *Source) string { return s.ObjectKey }, []string{SourceS3}},
	{"repository", func(s *Source) string { return s.Repository }, []string{SourceCodeCommit, SourceConnection}},
	{"branch", func(s *Source) string { return s.Branch }, []string{SourceCodeCommit, SourceConnection}},
	{"connectionArn", func(s *Source) string { return s.ConnectionArn }, []string{SourceConnection}},
	{"imageRepository", func(s *Source) string { return s.ImageRepository }, []string{SourceECR}},
	{"imageTag", func(s *Source) string { return s.ImageTag }, []string{SourceECR}},
}

func (v *validator) source(s *Setup) {
	src := &s.Source
	v.match("source.outputArtifact", src.OutputArtifact, artifactNameRe, whatArtifact)
	if !v.required("source.provider", src.Provider) {
		return
	}
	switch src.Provider {
	case SourceS3:
		if v.required("source.bucket", src.Bucket) {
			v.bucket("source.bucket", src.Bucket)
		}
		v.required("source.objectKey", src.ObjectKey)
	case SourceCodeCommit:
		if v.required("source.repository", src.Repository) {
			v.match("source.repository", src.Repository, codeCommitRepo, `a CodeCommit repository name (1–100 letters, digits, ".", "_" or "-")`)
		}
		v.required("source.branch", src.Branch)
	case SourceConnection:
		if v.required("source.connectionArn", src.ConnectionArn) {
			v.match("source.connectionArn", src.ConnectionArn, connectionArnRe,
				"a connection ARN (arn:aws:codeconnections:REGION:123456789012:connection/ID)")
		}
		if v.required("source.repository", src.Repository) {
			v.match("source.repository", src.Repository, fullRepoIDRe, `a full repository ID ("owner/repo")`)
		}
		v.required("source.branch", src.Branch)
	case SourceECR:
		if v.required("source.imageRepository", src.ImageRepository) {
			if len(src.ImageRepository) < 2 || len(src.ImageRepository) > 256 || !ecrRepoRe.MatchString(src.ImageRepository) {
				v.invalid("source.imageRepository", "%q is not an ECR repository name (2–256 lowercase letters, digits, \"._-/\")", src.ImageRepository)
			}
		}
	default:
		v.invalid("source.provider", "%q is not a supported source provider (S3, CodeCommit, CodeStarSourceConnection or ECR)", src.Provider)
		return
	}
	for _, f := range sourceFields {
		if f.get(src) != "" && !slices.Contains(f.providers, src.Provider) {
			p := "source." + f.name
			v.add(p, v.keyAt(p), fmt.Sprintf("%s is not used by the %s provider (only by %s)", p, src.Provider, strings.Join(f.providers, " and ")))
		}
	}
}

func (v *validator) build(s *Setup) {
	b := s.Build
	if v.required("build.projectName", b.ProjectName) {
		v.match("build.projectName", b.ProjectName, buildProjectRe, `a CodeBuild project name (2–255 letters, digits, "-" or "_", starting with a letter or digit)`)
	}
	if v.match("build.outputArtifact", b.OutputArtifact, artifactNameRe, whatArtifact) && b.OutputArtifact == sourceOutput(s) {
		v.invalid("build.outputArtifact", "%q is already the source stage's output; artifact names must be unique", b.OutputArtifact)
	}
}

// sourceOutput and buildOutput are the artifacts of the first two stages,
// defaults applied; buildOutput is "" without a build stage.
func sourceOutput(s *Setup) string {
	return cmpOr(s.Source.OutputArtifact, DefaultSourceArtifact)
}

func buildOutput(s *Setup) string {
	if s.Build == nil {
		return ""
	}
	return cmpOr(s.Build.OutputArtifact, DefaultBuildArtifact)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (v *validator) targets(s *Setup) {
	if len(s.Targets) == 0 {
		v.add("targets", v.keyAt("targets"), "targets is required: list at least one target account")
		return
	}
	produced := []string{sourceOutput(s)}
	if out := buildOutput(s); out != "" && out != produced[0] {
		produced = append(produced, out)
	}
	outputs := map[string]string{sourceOutput(s): "the source stage"}
	if out := buildOutput(s); out != "" {
		outputs[out] = "the build stage"
	}
	names := map[string]int{}
	for i := range s.Targets {
		t := &s.Targets[i]
		path := fmt.Sprintf("targets[%d]", i)
		if v.required(path+".name", t.Name) && v.match(path+".name", t.Name, targetNameRe,
			`a valid target name (1–32 letters, digits or "-"; it names the stage Deploy-<name> and the file target-<name>.yaml)`) {
			if j, dup := names[strings.ToLower(t.Name)]; dup {
				v.invalid(path+".name", "%q is already the name of targets[%d] (names must differ, ignoring case)", t.Name, j)
			} else {
				names[strings.ToLower(t.Name)] = i
			}
		}
		if v.required(path+".accountId", t.AccountID) && v.match(path+".accountId", t.AccountID, accountIDRe, whatAccount) &&
			t.AccountID == s.Tools.AccountID {
			v.invalid(path+".accountId", "%q is the tools account; a target must be another account (xacct models cross-account deploys)", t.AccountID)
		}
		if v.match(path+".region", t.Region, regionRe, whatRegion) && regionRe.MatchString(s.Pipeline.Region) &&
			partition(t.Region) != partition(s.Pipeline.Region) {
			v.invalid(path+".region", "%q is in the %s partition, the pipeline's region %s in %s; a pipeline cannot act across partitions",
				t.Region, partition(t.Region), s.Pipeline.Region, partition(s.Pipeline.Region))
		}
		if v.required(path+".actionRoleName", t.ActionRoleName) {
			v.match(path+".actionRoleName", t.ActionRoleName, roleNameRe, whatRoleName)
		}
		if t.RunOrder < 0 || t.RunOrder > maxRunOrder {
			v.invalid(path+".runOrder", "%d is out of range (1–%d)", t.RunOrder, maxRunOrder)
		}
		if v.section(path + ".deploy") {
			v.deploy(t, path+".deploy", produced, outputs)
		}
	}
}

// deployBlocks names each kind's block and tells whether it is set.
func deployBlocks(d *Deploy) []struct {
	kind, field string
	set         bool
} {
	return []struct {
		kind, field string
		set         bool
	}{
		{DeployCodeDeployToECS, "codeDeployToECS", d.CodeDeployToECS != nil},
		{DeployECS, "ecs", d.ECS != nil},
		{DeployCodeDeploy, "codeDeploy", d.CodeDeploy != nil},
		{DeployCloudFormation, "cloudFormation", d.CloudFormation != nil},
	}
}

func (v *validator) deploy(t *Target, path string, produced []string, outputs map[string]string) {
	d := &t.Deploy
	input := d.InputArtifact
	if input == "" {
		input = produced[len(produced)-1]
	}
	v.artifactRef(path+".inputArtifact", d.InputArtifact, produced)

	known := false
	if v.required(path+".kind", d.Kind) {
		for _, b := range deployBlocks(d) {
			if b.kind == d.Kind {
				known = true
			}
		}
		if !known {
			v.invalid(path+".kind", "%q is not a supported deploy kind (CodeDeployToECS, ECS, CodeDeploy or CloudFormation)", d.Kind)
		}
	}
	for _, b := range deployBlocks(d) {
		switch {
		case known && b.kind == d.Kind && !b.set:
			v.add(path+"."+b.field, v.keyAt(path+"."+b.field), fmt.Sprintf("%s.%s is required when kind is %s", path, b.field, d.Kind))
		case known && b.kind != d.Kind && b.set:
			v.add(path+"."+b.field, v.keyAt(path+"."+b.field), fmt.Sprintf("%s.%s is set, but kind is %s; remove it or change kind to %s", path, b.field, d.Kind, b.kind))
		}
	}
	if c := d.CodeDeployToECS; c != nil {
		v.codeDeployToECS(t, c, path+".codeDeployToECS", input, produced)
	}
	if e := d.ECS; e != nil {
		p := path + ".ecs"
		v.required(p+".cluster", e.Cluster)
		v.required(p+".service", e.Service)
		v.taskRole(t, p+".taskRoleArn", e.TaskRoleArn)
		v.taskRole(t, p+".executionRoleArn", e.ExecutionRoleArn)
	}
	if c := d.CodeDeploy; c != nil {
		p := path + ".codeDeploy"
		v.codeDeployNames(p, c.Application, c.DeploymentGroup)
	}
	if c := d.CloudFormation; c != nil {
		v.cloudFormation(c, path+".cloudFormation", produced, outputs)
	}
}

// artifactRef checks a reference to an artifact: a valid name that the
// source or build stage produces. An empty reference (a default) passes.
func (v *validator) artifactRef(path, name string, produced []string) {
	if !v.match(path, name, artifactNameRe, whatArtifact) {
		return
	}
	if !slices.Contains(produced, name) {
		v.invalid(path, "artifact %q is not produced by the source or build stage (they produce %s)", name, strings.Join(produced, ", "))
	}
}

func (v *validator) codeDeployNames(path, app, group string) {
	if v.required(path+".application", app) && len(app) > 100 {
		v.invalid(path+".application", "%q is longer than 100 characters", app)
	}
	if v.required(path+".deploymentGroup", group) && len(group) > 100 {
		v.invalid(path+".deploymentGroup", "%q is longer than 100 characters", group)
	}
}

// taskRole checks a role ARN that the action role must pass to ECS: a role
// in the target account, since a role can only be passed in its own account.
func (v *validator) taskRole(t *Target, path, arn string) {
	if !v.match(path, arn, roleArnRe, whatRoleArn) {
		return
	}
	acct := roleArnRe.FindStringSubmatch(arn)[1]
	if accountIDRe.MatchString(t.AccountID) && t.AccountID != v.toolsAccount && acct != t.AccountID {
		v.invalid(path, "role %q is in account %s, not in the target account %s; ECS can only use roles of its own account", arn, acct, t.AccountID)
	}
}

func (v *validator) codeDeployToECS(t *Target, c *CodeDeployToECS, path, input string, produced []string) {
	v.codeDeployNames(path, c.Application, c.DeploymentGroup)
	v.artifactRef(path+".taskDefinitionArtifact", c.TaskDefinitionArtifact, produced)
	v.artifactRef(path+".appSpecArtifact", c.AppSpecArtifact, produced)
	inputs := []string{cmpOr(c.TaskDefinitionArtifact, input), cmpOr(c.AppSpecArtifact, input)}
	switch n := len(c.Images); {
	case n == 0:
		v.add(path+".images", v.keyAt(path+".images"), path+".images is required: list 1 to 4 images")
	case n > maxImages:
		v.invalid(path+".images", "%d images given; a CodeDeployToECS action takes 1 to %d", n, maxImages)
	}
	containers := map[string]int{}
	for i, img := range c.Images {
		p := fmt.Sprintf("%s.images[%d]", path, i)
		if v.required(p+".artifact", img.Artifact) {
			v.artifactRef(p+".artifact", img.Artifact, produced)
			inputs = append(inputs, img.Artifact)
		}
		if v.required(p+".containerName", img.ContainerName) {
			if j, dup := containers[img.ContainerName]; dup {
				v.invalid(p+".containerName", "%q is already used by images[%d]", img.ContainerName, j)
			} else {
				containers[img.ContainerName] = i
			}
		}
	}
	slices.Sort(inputs)
	if inputs = slices.Compact(inputs); len(inputs) > maxCodeDeployECSInputs {
		v.invalid(path, "the action would read %d input artifacts (%s); CodeDeployToECS accepts at most %d",
			len(inputs), strings.Join(inputs, ", "), maxCodeDeployECSInputs)
	}
	v.taskRole(t, path+".taskRoleArn", c.TaskRoleArn)
	if v.required(path+".executionRoleArn", c.ExecutionRoleArn) {
		v.taskRole(t, path+".executionRoleArn", c.ExecutionRoleArn)
	}
	v.match(path+".serviceRoleName", c.ServiceRoleName, roleNameRe, whatRoleName)
	if c.ServiceRoleName != "" && c.ServiceRoleName == t.ActionRoleName {
		v.invalid(path+".serviceRoleName", "%q is also the action role; give the CodeDeploy service role its own name", c.ServiceRoleName)
	}
}

func (v *validator) cloudFormation(c *CloudFormationDeploy, path string, produced []string, outputs map[string]string) {
	if v.required(path+".stackName", c.StackName) {
		v.match(path+".stackName", c.StackName, stackNameRe, `a stack name (1–128 letters, digits or "-", starting with a letter)`)
	}
	if v.required(path+".deploymentRoleName", c.DeploymentRoleName) {
		v.match(path+".deploymentRoleName", c.DeploymentRoleName, roleNameRe, whatRoleName)
	}
	if v.required(path+".templatePath", c.TemplatePath) {
		if art, file, ok := strings.Cut(c.TemplatePath, "::"); ok {
			switch {
			case !artifactNameRe.MatchString(art):
				v.invalid(path+".templatePath", "%q does not start with a valid artifact name before \"::\"", c.TemplatePath)
			case file == "":
				v.invalid(path+".templatePath", "%q has no file path after \"::\"", c.TemplatePath)
			case !slices.Contains(produced, art):
				v.invalid(path+".templatePath", "artifact %q is not produced by the source or build stage (they produce %s)", art, strings.Join(produced, ", "))
			}
		}
	}
	seen := map[string]bool{}
	for i, cp := range c.Capabilities {
		p := fmt.Sprintf("%s.capabilities[%d]", path, i)
		switch {
		case !slices.Contains(cfnCapabilities, cp):
			v.invalid(p, "%q is not a CloudFormation capability (%s)", cp, strings.Join(cfnCapabilities, ", "))
		case seen[cp]:
			v.invalid(p, "%q is listed twice", cp)
		}
		seen[cp] = true
	}
	if v.match(path+".outputArtifact", c.OutputArtifact, artifactNameRe, whatArtifact) {
		if by, dup := outputs[c.OutputArtifact]; dup {
			v.invalid(path+".outputArtifact", "%q is already produced by %s; artifact names must be unique", c.OutputArtifact, by)
		} else {
			outputs[c.OutputArtifact] = path
		}
	}
}

// regions checks tools.regions against the regions the targets deploy to.
func (v *validator) regions(s *Setup) {
	used := map[string]bool{}
	for _, t := range s.Targets {
		r := cmpOr(t.Region, s.Pipeline.Region)
		used[r] = true
	}
	buckets := map[string]string{s.Tools.ArtifactBucket: "tools.artifactBucket"}
	keys := make([]string, 0, len(s.Tools.Regions))
	for r := range s.Tools.Regions {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	for _, r := range keys {
		st := s.Tools.Regions[r]
		path := joinPath("tools.regions", r)
		switch {
		case !regionRe.MatchString(r):
			v.add(path, v.keyAt(path), fmt.Sprintf("%s: %q is not %s", path, r, whatRegion))
			continue
		case r == s.Pipeline.Region:
			v.add(path, v.keyAt(path), path+": "+r+" is the pipeline's own region, whose store is tools.artifactBucket; list only other regions")
			continue
		case !used[r]:
			v.add(path, v.keyAt(path), fmt.Sprintf("%s: no target deploys to %s; remove it", path, r))
		}
		if st.ArtifactBucket != "" {
			v.bucket(path+".artifactBucket", st.ArtifactBucket)
			if other, dup := buckets[st.ArtifactBucket]; dup {
				v.invalid(path+".artifactBucket", "%q is also %s; each region needs its own bucket", st.ArtifactBucket, other)
			}
			buckets[st.ArtifactBucket] = path + ".artifactBucket"
		}
		v.match(path+".keyId", st.KeyID, keyIDRe, whatKeyID)
	}
	// Regions without an entry get "<artifactBucket>-<region>": it must be
	// a valid name too.
	if bucketNameProblem(s.Tools.ArtifactBucket) != "" {
		return
	}
	extra := make([]string, 0, len(used))
	for r := range used {
		if s.Tools.Regions[r].ArtifactBucket == "" && r != s.Pipeline.Region && regionRe.MatchString(r) {
			extra = append(extra, r)
		}
	}
	slices.Sort(extra)
	for _, r := range extra {
		name := derivedBucket(s.Tools.ArtifactBucket, r)
		if why := bucketNameProblem(name); why != "" {
			v.invalid("tools.artifactBucket", "the bucket derived for region %s, %q, is not a valid S3 bucket name (%s); set tools.regions.%s.artifactBucket", r, name, why, r)
		}
	}
}

// derivedBucket is the artifact bucket of an extra region that has none set.
func derivedBucket(bucket, region string) string {
	return bucket + "-" + region
}
