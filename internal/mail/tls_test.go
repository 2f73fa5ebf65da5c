package mail_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/perspectief/perspectief/internal/mail"
	"github.com/perspectief/perspectief/internal/mail/smtptest"
	"github.com/perspectief/perspectief/internal/reminder"
)

// certificate makes a self-signed certificate for 127.0.0.1 and the pool
// that trusts it, as a gemeente's own mail server with an internal CA has.
func certificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.gemeente.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

var testMessage = reminder.Message{To: "pl@gemeente.test", Name: "Piet Projectleider", Subject: "Voortgang T3 gevraagd", Body: "Wilt u de voortgang invullen?"}

// TestEncryptedDelivery: STARTTLS and implicit TLS carry the message and
// the password encrypted; a server whose certificate is not trusted, or
// one that offers no STARTTLS where it is required, gets neither.
func TestEncryptedDelivery(t *testing.T) {
	ctx := context.Background()
	cert, trusted := certificate(t)
	other, _ := certificate(t)
	_, untrusted := certificate(t)
	const from = "Perspectief <noreply@gemeente.test>"

	cases := []struct {
		name     string
		mode     string
		implicit bool
		offerTLS bool
		pool     *x509.CertPool
		wantErr  string // "" when the message must arrive encrypted
	}{
		{name: "STARTTLS required and offered", mode: mail.TLSStartTLS, offerTLS: true, pool: trusted},
		{name: "STARTTLS taken when offered (auto)", mode: mail.TLSAuto, offerTLS: true, pool: trusted},
		{name: "implicit TLS (smtps://)", mode: mail.TLSImplicit, implicit: true, offerTLS: true, pool: trusted},
		{name: "STARTTLS required but not offered", mode: mail.TLSStartTLS, pool: trusted, wantErr: "does not offer STARTTLS"},
		{name: "STARTTLS to a server with an untrusted certificate", mode: mail.TLSStartTLS, offerTLS: true, pool: untrusted, wantErr: "certificate"},
		{name: "implicit TLS to a server with an untrusted certificate", mode: mail.TLSImplicit, implicit: true, offerTLS: true, pool: untrusted, wantErr: "certificate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			box := &smtptest.Server{User: "perspectief", Pass: "geheim"}
			var url string
			switch {
			case tc.offerTLS:
				c := cert
				if tc.wantErr == "certificate" {
					c = other
				}
				url = smtptest.StartTLS(t, box, c, tc.implicit)
			default:
				url = smtptest.Start(t, box)
			}
			s, err := mail.New(mail.Config{URL: url, From: from, TLS: tc.mode, User: box.User, Password: box.Pass,
				TLSConfig: &tls.Config{RootCAs: tc.pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}})
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(ctx, testMessage)
			got := box.Received()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("Send: %v, want an error about %q", err, tc.wantErr)
				}
				if len(got) != 0 {
					t.Errorf("%d messages delivered, want none", len(got))
				}
				return
			}
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			if len(got) != 1 || !got[0].TLS || got[0].Subject != testMessage.Subject {
				t.Fatalf("delivered %+v, want the one message over TLS", got)
			}
		})
	}
}

// TestWrongPassword: the server refuses the login and nothing is sent.
func TestWrongPassword(t *testing.T) {
	box := &smtptest.Server{User: "perspectief", Pass: "geheim"}
	s, err := mail.New(mail.Config{URL: smtptest.Start(t, box), From: "noreply@gemeente.test", TLS: mail.TLSNone, User: box.User, Password: "fout"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), testMessage); err == nil {
		t.Error("Send with a wrong password succeeded")
	}
	if got := box.Received(); len(got) != 0 {
		t.Errorf("%d messages delivered with a wrong password", len(got))
	}
}
