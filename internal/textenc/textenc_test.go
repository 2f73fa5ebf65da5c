package textenc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/perspectief/perspectief"
)

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestCheck(t *testing.T) {
	latin := []byte("naam,plaats\nJan,Groningen\nJos\xe9,Haren\n")
	cases := []struct {
		name string
		data []byte
		line int
		want string // "" for none
	}{
		{"utf8", []byte("a,b\nc,d\n"), 0, ""},
		{"utf8 with bom and accents", []byte("\uFEFFcode,naam\nWK001400,Centrum – oud é\n"), 0, ""},
		{"empty", nil, 0, ""},
		{"utf16 with bom", utf16le("code,naam\nA,B\n", true), 1, "bestand is geen UTF-8; het lijkt UTF-16"},
		{"utf16 big endian bom", []byte{0xFE, 0xFF, 0, 'a'}, 1, "bestand is geen UTF-8; het lijkt UTF-16"},
		{"utf16 without bom", utf16le("code,naam\nA,B\n", false), 1, "bestand is geen UTF-8; het lijkt UTF-16"},
		{"utf32", []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, 1, "het lijkt UTF-32"},
		{"latin1 on line 3", latin, 3, "bestand is geen UTF-8; het lijkt Windows-1252"},
		{"binary", []byte("PK\x03\x04\x00\x00\x01\x02abcdefgh\x00"), 1, "binair bestand"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Check(c.data)
			if c.want == "" {
				if p != nil {
					t.Fatalf("Check = %+v, want nil", p)
				}
				return
			}
			if p == nil || !strings.Contains(p.Reason, c.want) || p.Line != c.line {
				t.Fatalf("Check = %+v, want line %d with %q", p, c.line, c.want)
			}
			err := Refusal("x.csv", c.data)
			if perspectief.ErrorCode(err) != perspectief.CodeInvalid || !strings.HasPrefix(perspectief.ErrorDetails(err)[0], "x.csv:") {
				t.Fatalf("Refusal = %v %v", err, perspectief.ErrorDetails(err))
			}
			// The streaming reader reaches the same verdict, whatever the
			// chunk size.
			for _, r := range []io.Reader{NewReader("x.csv", bytes.NewReader(c.data)), NewReader("x.csv", iotest.OneByteReader(bytes.NewReader(c.data)))} {
				_, err := io.ReadAll(r)
				var se *StreamError
				if !errors.As(err, &se) || se.Line != c.line || !strings.Contains(err.Error(), "x.csv:") || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("reader: %v", err)
				}
			}
		})
	}
}

func TestHeadReader(t *testing.T) {
	for _, c := range []struct {
		data []byte
		ok   bool
	}{{utf16le("a,b\n", true), false}, {[]byte("a,b\nx\xe9\n"), true}, {[]byte("a,b\n"), true}} {
		got, err := io.ReadAll(NewHeadReader("h", iotest.OneByteReader(bytes.NewReader(c.data))))
		if (err == nil) != c.ok || c.ok && !bytes.Equal(got, c.data) {
			t.Errorf("%q: %v", c.data, err)
		}
	}
}

func TestReaderPassesText(t *testing.T) {
	text := strings.Repeat("wijk,Zuidoost – Lewenborg é ü €\n", 2000)
	for _, r := range []io.Reader{NewReader("a", strings.NewReader(text)), NewReader("a", iotest.OneByteReader(strings.NewReader(text))), NewReader("a", iotest.HalfReader(strings.NewReader(text)))} {
		got, err := io.ReadAll(r)
		if err != nil || string(got) != text {
			t.Fatalf("err %v, %d bytes of %d", err, len(got), len(text))
		}
	}
}

// FuzzReader holds the streaming reader to the whole-file check: both
// accept exactly the same inputs.
func FuzzReader(f *testing.F) {
	f.Add([]byte("a,b\nc,d\n"), uint8(3))
	f.Add(utf16le("a,b\n", true), uint8(1))
	f.Add([]byte("x\xe9\n"), uint8(2))
	f.Add([]byte("€€€"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		n := int(chunk%7) + 1
		got, err := io.ReadAll(NewReader("f", &chunked{data, n}))
		whole := Check(data)
		if (err == nil) != (whole == nil) {
			t.Fatalf("reader err %v, Check %+v", err, whole)
		}
		if err == nil && !bytes.Equal(got, data) {
			t.Fatal("reader changed the text")
		}
		if whole == nil && (!utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0) {
			t.Fatal("Check passed a file that is not text")
		}
	})
}

type chunked struct {
	data []byte
	n    int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.data)
	c.data = c.data[k:]
	return k, nil
}
