package web_test

import (
	"bufio"
	"bytes"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/programme"
	"github.com/perspectief/perspectief/internal/store"
	"github.com/perspectief/perspectief/internal/store/storetest"
)

// tempFiles lists what is in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// multipartBody is a form with a csrf field and a file of size bytes.
func multipartBody(t *testing.T, csrf, name string, data []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", csrf)
	fw, err := mw.CreateFormFile("bestand", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

// No request leaves a temporary file behind, whatever its outcome: the
// temp dir (TMPDIR, which os.TempDir and so net/http's multipart parser
// use) is the same after each as before.
func TestNoUploadLeavesATempFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		team := s.login(team)
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		big := bytes.Repeat([]byte("x"), 16<<20-4096)
		post := func(c *client, path, ctype string, body *bytes.Buffer) response {
			t.Helper()
			req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", ctype)
			return c.do(req)
		}
		clean := func(what string) {
			t.Helper()
			if left := tempFiles(t, tmp); len(left) > 0 {
				t.Errorf("%s left %v in the temp dir", what, left)
			}
		}

		// An anonymous multipart login is refused before it is read.
		anon := s.client()
		form := anon.get("/inloggen")
		body, ctype := multipartBody(t, formCSRF(t, form.Body), "x.bin", big)
		r := post(anon, "/inloggen", ctype, body)
		wantStatus(t, r, http.StatusUnsupportedMediaType, "multipart login")
		mustContain(t, r, "Dit formulier neemt geen bestanden aan")
		clean("a refused multipart login")

		// A login form over its few kB is refused as too large.
		r = anon.postRaw("/inloggen", url.Values{"csrf": {formCSRF(t, form.Body)}, "email": {admin}, "wachtwoord": {strings.Repeat("a", 8<<10)}})
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "8 kB login")
		mustContain(t, r, "te groot voor dit formulier")

		// A multipart body to a small form of a logged-in user: refused.
		body, ctype = multipartBody(t, team.csrf, "x.bin", big)
		wantStatus(t, post(team, "/doelen/D1/opmerkingen", ctype, body), http.StatusUnsupportedMediaType, "multipart comment")
		clean("a refused multipart comment")

		// An upload with a wrong CSRF token is parsed (the token is in the
		// form) and refused; its file goes.
		body, ctype = multipartBody(t, "verkeerd", "programma.yaml", big)
		wantStatus(t, post(team, "/programma/import", ctype, body), http.StatusForbidden, "upload with a wrong token")
		clean("an upload with a wrong CSRF token")

		// An upload that is accepted: the exported programme, padded with
		// comment lines past the 1 MiB that is kept in memory.
		var yaml bytes.Buffer
		if err := programme.WriteFile(&yaml, team.export()); err != nil {
			t.Fatal(err)
		}
		for yaml.Len() < 3<<20 {
			yaml.WriteString("# " + strings.Repeat("opvulling ", 10) + "\n")
		}
		body, ctype = multipartBody(t, team.csrf, "programma.yaml", yaml.Bytes())
		// A good file is read whole and answered with its preview.
		if r := post(team, "/programma/import", ctype, body); r.Status != http.StatusOK || !strings.Contains(r.Body, "Controleer de wijzigingen") {
			t.Errorf("a good import of 3 MiB: status %d, want the preview (200)", r.Status)
		}
		clean("an accepted upload")

		// Over the 16 MiB limit: refused while reading.
		body, ctype = multipartBody(t, team.csrf, "programma.yaml", bytes.Repeat([]byte("x"), 17<<20))
		wantStatus(t, post(team, "/programma/import", ctype, body), http.StatusRequestEntityTooLarge, "an upload of 17 MiB")
		clean("an upload over the limit")

		// A connection that dies halfway through an upload: wait until the
		// parser has written part of the file to disk, then hang up.
		body, ctype = multipartBody(t, team.csrf, "programma.yaml", big)
		conn, err := net.Dial("tcp", s.srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(conn)
		fmt.Fprintf(w, "POST /programma/import HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n", ctype, body.Len())
		for _, ck := range team.http.Jar.Cookies(mustURL(t, s.srv.URL)) {
			fmt.Fprintf(w, "Cookie: %s=%s\r\n", ck.Name, ck.Value)
		}
		w.WriteString("\r\n")
		w.Write(body.Bytes()[:4<<20])
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the parser to write the upload to disk", func() bool { return len(tempFiles(t, tmp)) > 0 })
		conn.Close()
		waitFor(t, "the temp file of the broken upload to go", func() bool { return len(tempFiles(t, tmp)) == 0 })
	})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// waitFor polls cond until it holds, failing after 20 seconds. It waits
// for the server to get somewhere; it measures nothing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
