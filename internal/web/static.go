package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFile is an embedded asset served under a name that includes a hash
// of its content, so browsers may cache it for a year and still get a new
// version the moment it changes.
type staticFile struct {
	data        []byte
	contentType string
	url         string
}

var (
	staticByURL  = map[string]*staticFile{} // "app.3f9a….css" → file
	staticByName = map[string]*staticFile{} // "app.css" → file
)

func init() {
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		f := &staticFile{data: data, contentType: mime.TypeByExtension(ext), url: "/static/" + hashed}
		if ext == ".svg" {
			f.contentType = "image/svg+xml"
		}
		staticByURL[hashed] = f
		staticByName[e.Name()] = f
	}
}

// StaticURL is the template function that turns "app.css" into its hashed URL.
func StaticURL(name string) string {
	if f, ok := staticByName[name]; ok {
		return f.url
	}
	panic("web: no static file " + name)
}

func serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := staticByURL[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(staticMaxAge/time.Second))+", immutable")
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(f.data)
}

// StaticContent is the content of an embedded asset ("print.css"), for a
// document that is loaded without a server, such as a PDF.
func StaticContent(name string) []byte {
	if f, ok := staticByName[name]; ok {
		return f.data
	}
	panic("web: no static file " + name)
}
