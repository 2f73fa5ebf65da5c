package deploy

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// helmBinary finds helm on PATH (scripts/test installs it with go install
// and puts Go's bin directory on PATH). Without it the test is skipped, or
// fails when PERSPECTIEF_REQUIRE_HELM=1, as in CI.
func helmBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("helm"); err == nil {
		return p
	}
	if os.Getenv("PERSPECTIEF_REQUIRE_HELM") == "1" {
		t.Fatal("helm not found (PERSPECTIEF_REQUIRE_HELM=1); install it with go install helm.sh/helm/v4/cmd/helm@v4.3.2")
	}
	t.Skip("helm not found")
	return ""
}

func helm(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(helmBinary(t), args...)
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+t.TempDir(), "HELM_CONFIG_HOME="+t.TempDir(), "HELM_DATA_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestChart lints the chart strictly and renders it as an operator would,
// then checks what a cluster administrator relies on: instances that run as
// non-root without a shell, the database URL only from a Secret, separate
// liveness and readiness, and the ingress only when asked for.
func TestChart(t *testing.T) {
	const chart = "helm/perspectief"
	helm(t, "lint", "--strict", chart)

	out := helm(t, "template", "gemeente", chart, "--set", "publicURL=https://perspectief.groningen.nl", "--set", "replicaCount=3", "--set", "trustedProxies=10.0.0.0/8")
	for _, want := range []string{
		"kind: Deployment", "kind: Service", "replicas: 3",
		"runAsNonRoot: true", "readOnlyRootFilesystem: true", "allowPrivilegeEscalation: false",
		"path: /livez", "path: /healthz",
		"secretKeyRef:", "name: perspectief-db",
		"- --db=$(PERSPECTIEF_DB)", "- --secure-cookies", "- --public-url=https://perspectief.groningen.nl", "- --trusted-proxies=10.0.0.0/8",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered chart lacks %q", want)
		}
	}
	if strings.Contains(out, "postgres://") {
		t.Error("the rendered chart holds a database URL; it must come from the Secret only")
	}
	if strings.Contains(out, "kind: Ingress") {
		t.Error("an ingress was rendered although ingress.enabled is false")
	}

	out = helm(t, "template", "gemeente", chart, "--set", "ingress.enabled=true", "--set", "ingress.host=perspectief.groningen.nl", "--set", "ingress.tlsSecret=perspectief-tls")
	for _, want := range []string{"kind: Ingress", `host: "perspectief.groningen.nl"`, "secretName: perspectief-tls"} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered ingress lacks %q", want)
		}
	}
}
