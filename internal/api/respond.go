package api

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// apiVersion is the full version of the API, sent in the API-Version header
// of every response. It is read from info.version of the OpenAPI document,
// so that the header and the document cannot disagree.
var apiVersion = func() string {
	var doc struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil || doc.Info.Version == "" {
		panic("api: openapi.json has no info.version")
	}
	return doc.Info.Version
}()

// emptyNotNull returns a copy of v in which every nil slice and nil map is
// empty, so that it encodes as [] or {} rather than null. v itself is left
// alone: it may be shared with a cache or the caller.
func emptyNotNull(v any) any {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	return filled(rv).Interface()
}

func filled(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v // []byte and json.RawMessage encode themselves
		}
		if v.IsNil() {
			return reflect.MakeSlice(v.Type(), 0, 0)
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(filled(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return reflect.MakeMap(v.Type())
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), filled(it.Value()))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(filled(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(filled(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := range v.NumField() {
			if f := out.Field(i); f.CanSet() {
				f.Set(filled(v.Field(i)))
			}
		}
		return out
	}
	return v
}

// Paging of large collections: ?limit= (items per page) and ?page= (from 1).
const maxPageLimit = 10000

// paginate returns the page of items that the query asks for, with at most
// defaultLimit items when the query sets no limit. It sets X-Total-Count to
// the number of items in the whole collection and a Link header (RFC 8288)
// with the first, previous, next and last page.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T, defaultLimit int) ([]T, error) {
	q := r.URL.Query()
	limit, page := defaultLimit, 1
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageLimit {
			return nil, withField(requestError(http.StatusBadRequest, "Ongeldige queryparameter limit: kies een geheel getal van 1 tot en met %d.", maxPageLimit),
				"limit", fmt.Sprintf("kies een geheel getal van 1 tot en met %d", maxPageLimit))
		}
		limit = n
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return nil, withField(requestError(http.StatusBadRequest, "Ongeldige queryparameter page: kies een geheel getal vanaf 1."),
				"page", "kies een geheel getal vanaf 1")
		}
		page = n
	}
	last := max(1, (len(items)+limit-1)/limit)
	link := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		q.Set("limit", strconv.Itoa(limit))
		return fmt.Sprintf(`<%s?%s>; rel="%s"`, r.URL.Path, q.Encode(), rel)
	}
	links := []string{link(1, "first")}
	if page > 1 {
		links = append(links, link(min(page-1, last), "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"))
	}
	links = append(links, link(last, "last"))
	w.Header().Set("Link", strings.Join(links, ", "))
	w.Header().Set("X-Total-Count", strconv.Itoa(len(items)))
	from := min(len(items), (page-1)*limit)
	return items[from:min(len(items), from+limit)], nil
}

// gzipWriter compresses the body for a client that accepts gzip. It decides
// when the header is written, so that an answer without a body (204, 304)
// is left as it is.
type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g *gzipWriter) WriteHeader(status int) {
	if status != http.StatusNoContent && status != http.StatusNotModified && status >= 200 && g.gz == nil {
		h := g.Header()
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		g.gz = gzip.NewWriter(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.gz == nil && g.Header().Get("Content-Encoding") == "" {
		g.WriteHeader(http.StatusOK)
	}
	if g.gz == nil {
		return g.ResponseWriter.Write(b)
	}
	return g.gz.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		_ = g.gz.Close()
	}
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// acceptsGzip reports whether Accept-Encoding allows gzip (q=0 refuses it).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
