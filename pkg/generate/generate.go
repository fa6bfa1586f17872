package generate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/xacct-lint/xacct-lint/pkg/model"
)

// File is one generated file; Name is a slash path relative to the output folder.
type File struct {
	Name string
	Data []byte
}

// Diff is one file whose content on disk differs from what Generate produced.
type Diff struct {
	// Name is the file's slash path relative to the output folder.
	Name string
	// Unified is a unified diff from the file on disk to the generated one;
	// a missing file diffs from /dev/null (every line added).
	Unified string
}

// Generate returns every document of the setup, sorted by Name. The output is
// a pure function of s: the same setup always gives the same bytes. s is not
// modified; its defaults are applied to a copy.
func Generate(ctx context.Context, s *model.Setup) ([]File, error) {
	if s == nil {
		return nil, errors.New("generate: no setup")
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("generate: invalid setup: %w", err)
	}
	p, err := newPlan(s.WithDefaults())
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	var files []File
	addYAML := func(name string, t *cfnTemplate) error {
		b, err := t.render(yamlHeader)
		if err != nil {
			return fmt.Errorf("generate %s: %w", name, err)
		}
		files = append(files, File{Name: name, Data: b})
		return nil
	}
	addJSON := func(name string, v any) error {
		b, err := marshalJSON(v)
		if err != nil {
			return fmt.Errorf("generate %s: %w", name, err)
		}
		files = append(files, File{Name: name, Data: b})
		return nil
	}

	for _, st := range p.stores {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := addYAML(toolsTemplateName(st), toolsTemplate(p, st)); err != nil {
			return nil, err
		}
		prefix := "policies/tools-"
		if !st.main {
			prefix += st.region + "-"
		}
		lit := literalRefs(p, st)
		if err := addJSON(prefix+"key-policy.json", keyPolicy(p, st, lit)); err != nil {
			return nil, err
		}
		if err := addJSON(prefix+"bucket-policy.json", bucketPolicy(p, st, lit)); err != nil {
			return nil, err
		}
	}
	main := p.stores[0]
	mainKey, _ := p.keyArn(main)
	lit := literalRefs(p, main)
	if err := addJSON("policies/pipeline-role-policy.json", pipelineRolePolicy(p, lit.bucketArn, lit.objectsArn, mainKey)); err != nil {
		return nil, err
	}
	if err := addJSON("policies/pipeline-role-trust.json", pipelineTrust()); err != nil {
		return nil, err
	}
	for _, t := range p.targets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := addYAML("target-"+t.Name+".yaml", targetTemplate(p, t)); err != nil {
			return nil, err
		}
		if err := addJSON("policies/target-"+t.Name+"-trust.json", actionRoleTrust(p)); err != nil {
			return nil, err
		}
		if err := addJSON("policies/target-"+t.Name+"-action-role-policy.json", actionRolePolicy(p, t)); err != nil {
			return nil, err
		}
		if t.deploymentRoleArn != "" {
			if err := addJSON("policies/target-"+t.Name+"-deployment-role-policy.json", deploymentRolePolicy(p, t)); err != nil {
				return nil, err
			}
		}
	}
	if p.keysKnown() {
		in, err := pipelineJSON(p)
		if err != nil {
			return nil, fmt.Errorf("generate pipeline.json: %w", err)
		}
		if err := addJSON("pipeline.json", in); err != nil {
			return nil, err
		}
	}
	diag, err := diagram(p)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "architecture.md", Data: architecture(p, diag)})
	files = append(files, File{Name: ".xacct-lint.yaml", Data: lintConfig(p)})
	files = append(files, File{Name: "README.md", Data: readme(p, diag)})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	addRecord(files)
	return files, nil
}

func toolsTemplateName(st store) string {
	if st.main {
		return "tools-account.yaml"
	}
	return "tools-account-" + st.region + ".yaml"
}

// marshalJSON writes v with 2-space indent, no HTML escaping and a final newline.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// checkName rejects names that would leave dir, and backslashes (a folder
// separator on Windows).
func checkName(name string) error {
	if name == "" || name == "." || !fs.ValidPath(name) || strings.ContainsRune(name, '\\') {
		return fmt.Errorf("invalid file name %q", name)
	}
	return nil
}

// Check compares files with what is on disk under dir and returns one Diff
// per file that is missing or different, in the order of files. An empty
// result means the folder is up to date.
func Check(dir string, files []File) ([]Diff, error) {
	var diffs []Diff
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		missing := errors.Is(err, fs.ErrNotExist)
		if err != nil && !missing {
			return nil, fmt.Errorf("check %s: %w", f.Name, err)
		}
		if !missing && bytes.Equal(old, f.Data) {
			continue
		}
		from := "a/" + path.Clean(f.Name)
		if missing {
			from = "/dev/null"
		}
		diffs = append(diffs, Diff{Name: f.Name, Unified: unifiedDiff(from, "b/"+path.Clean(f.Name), string(old), string(f.Data))})
	}
	return diffs, nil
}
