// Package awscli runs the real AWS CLI's client-side validation of a
// create-pipeline input, the way `aws codepipeline create-pipeline
// --cli-input-json file://pipeline.json` does it, against a loopback
// endpoint (net/http/httptest) instead of AWS. It is the project's own
// version of shared/tools/awscli-accepts, for tests: the CLI parses the
// JSON and validates it against its bundled CodePipeline model (types,
// required and unknown fields, minimums) before it sends anything, so a
// request that reaches the endpoint means the CLI accepted the input.
package awscli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNoCLI is returned by Find when no AWS CLI is installed.
var ErrNoCLI = errors.New("no aws CLI found (install the awscli package, or put aws on PATH)")

// Find returns the aws CLI to use: $AWSCLI, else aws on PATH, else /usr/bin/aws.
func Find() (string, error) {
	if p := os.Getenv("AWSCLI"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("aws"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		return "/usr/bin/aws", nil
	}
	return "", ErrNoCLI
}

// Result is the outcome of one create-pipeline call.
type Result struct {
	// Accepted is true when the CLI sent exactly one CreatePipeline request.
	Accepted bool
	// Body is the request body the CLI put on the wire, when accepted.
	Body []byte
	// Stderr is what the CLI printed, e.g. its validation errors.
	Stderr string
}

// CreatePipeline runs `aws codepipeline create-pipeline --cli-input-json
// file://path` with dummy credentials against a loopback endpoint. An error
// means the harness failed (the CLI could not run, or failed for a reason
// that says nothing about the input); a rejected input is Result.Accepted ==
// false with the CLI's message in Result.Stderr.
func CreatePipeline(ctx context.Context, aws, path string) (Result, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Result{}, fmt.Errorf("awscli: %w", err)
	}
	var (
		mu     sync.Mutex
		bodies [][]byte
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		target := r.Header.Get("X-Amz-Target")
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
		if !strings.HasSuffix(target, ".CreatePipeline") {
			_, _ = w.Write([]byte("{}"))
			return
		}
		mu.Lock()
		bodies = append(bodies, body)
		mu.Unlock()
		// Echo the pipeline back, as the service does, with a version.
		var in struct {
			Pipeline map[string]any `json:"pipeline"`
		}
		_ = json.Unmarshal(body, &in)
		if in.Pipeline == nil {
			in.Pipeline = map[string]any{}
		}
		in.Pipeline["version"] = 1
		_ = json.NewEncoder(w).Encode(map[string]any{"pipeline": in.Pipeline})
	}))
	defer srv.Close()

	home, err := os.MkdirTemp("", "awscli-home-")
	if err != nil {
		return Result{}, fmt.Errorf("awscli: %w", err)
	}
	defer os.RemoveAll(home)

	cmd := exec.CommandContext(ctx, aws, "codepipeline", "create-pipeline",
		"--cli-input-json", "file://"+abs,
		"--endpoint-url", srv.URL, "--region", "ap-northeast-1", "--output", "json")
	cmd.Env = append(cleanEnv(os.Environ()),
		"HOME="+home,
		"AWS_ACCESS_KEY_ID=x", "AWS_SECRET_ACCESS_KEY=x", "AWS_SESSION_TOKEN=x",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard",
		"NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1")
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return Result{}, fmt.Errorf("awscli: run %s: %w", aws, runErr)
	}
	mu.Lock()
	sent := bodies
	mu.Unlock()
	res := Result{Stderr: stderr.String()}
	switch {
	case runErr == nil && len(sent) == 1:
		res.Accepted = true
		res.Body = sent[0]
		return res, nil
	case runErr != nil && len(sent) == 0 && !harnessFailure(res.Stderr):
		return res, nil
	default:
		return res, fmt.Errorf("awscli: unexpected state (exit error %v, %d requests sent): %s", runErr, len(sent), res.Stderr)
	}
}

// harnessFailure tells a CLI failure that says nothing about the input.
func harnessFailure(stderr string) bool {
	for _, s := range []string{"Could not connect to the endpoint", "Unable to locate credentials",
		"Connection was closed", "Read timeout", "Traceback (most recent"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

// cleanEnv drops AWS settings and proxies of the caller's environment.
func cleanEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || strings.EqualFold(k, "http_proxy") || strings.EqualFold(k, "https_proxy") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
