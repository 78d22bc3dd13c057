package app_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainDependencies keeps app/ free of any UI toolkit and any database: its
// packages may import only the standard library, golang.org/x (text, crypto) and each
// other. Test files are not counted; they may use anything.
func TestDomainDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "skranke/app/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		switch {
		case p == "skranke/app" || strings.HasPrefix(p, "skranke/app/"):
		case strings.HasPrefix(p, "golang.org/x/text/"), strings.HasPrefix(p, "golang.org/x/crypto/"), strings.HasPrefix(p, "golang.org/x/sys/"):
		default:
			t.Errorf("app/ depends on %s; the domain imports only the standard library and golang.org/x/text and x/crypto", p)
		}
	}
}
