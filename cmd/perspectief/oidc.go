package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/perspectief/perspectief/internal/account"
	"github.com/perspectief/perspectief/internal/web"
)

// oidcSettings are the server's settings for the login through the
// gemeente's OpenID provider. They are part of ServerConfig.
type oidcSettings struct {
	issuer, clientID, secretFile string
	roleClaim, roleMapText, name string
	localPasswords               bool

	secret  string          // read from secretFile by validate
	roleMap account.RoleMap // roleMapText, parsed by validate
}

func defaultOIDC() oidcSettings { return oidcSettings{localPasswords: true} }

func (o *oidcSettings) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.issuer, "oidc-issuer", o.issuer, "log staff in through this OpenID provider (its issuer URL, e.g. https://login.gemeente.nl/realms/medewerkers); needs --public-url")
	fs.StringVar(&o.clientID, "oidc-client-id", o.clientID, "Perspectief's client id at the OpenID provider")
	fs.StringVar(&o.secretFile, "oidc-client-secret-file", o.secretFile, "file holding the client secret (one line)")
	fs.StringVar(&o.roleClaim, "oidc-role-claim", o.roleClaim, "claim with the user's groups or roles (a dotted path for nested claims, e.g. realm_access.roles); needs --oidc-role-map")
	fs.StringVar(&o.roleMapText, "oidc-role-map", o.roleMapText, "claim values to roles: 'value=rol,value=rol' (';' between entries when values hold commas); with it, the provider decides roles and first logins create accounts")
	fs.StringVar(&o.name, "oidc-name", o.name, "the organisation on the login button: \"Inloggen met NAME\" (default: uw organisatie)")
	fs.BoolVar(&o.localPasswords, "local-passwords", o.localPasswords, "allow logins with a password of Perspectief; false: only through the OpenID provider (needs --oidc-issuer)")
}

// validate checks the settings together and reads the secret file; publicURL
// is --public-url, which the provider sends users back to.
func (o *oidcSettings) validate(publicURL string) error {
	if o.issuer == "" {
		if !o.localPasswords {
			return errors.New("--local-passwords=false needs --oidc-issuer: without an OpenID provider nobody could log in")
		}
		if o.clientID != "" || o.secretFile != "" || o.roleClaim != "" || o.roleMapText != "" || o.name != "" {
			return errors.New("the --oidc-* settings need --oidc-issuer")
		}
		return nil
	}
	if u, err := url.Parse(o.issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("--oidc-issuer %q: give the provider's issuer URL (https://...)", o.issuer)
	}
	if publicURL == "" {
		return errors.New("--oidc-issuer needs --public-url: the provider sends users back to PUBLIC-URL" + web.OIDCCallbackPath)
	}
	if o.clientID == "" || o.secretFile == "" {
		return errors.New("--oidc-issuer needs --oidc-client-id and --oidc-client-secret-file")
	}
	b, err := os.ReadFile(o.secretFile)
	if err != nil {
		return fmt.Errorf("--oidc-client-secret-file: %w", err)
	}
	if o.secret = strings.TrimSpace(string(b)); o.secret == "" {
		return fmt.Errorf("--oidc-client-secret-file %s is empty", o.secretFile)
	}
	if (o.roleClaim == "") != (o.roleMapText == "") {
		return errors.New("--oidc-role-claim and --oidc-role-map go together: the claim to read and how its values map to roles")
	}
	if o.roleMapText != "" {
		m, err := account.ParseRoleMap(o.roleMapText)
		if err != nil {
			return fmt.Errorf("--oidc-role-map: %w", userError(err))
		}
		o.roleMap = m
	}
	return nil
}

// provider reads the provider's discovery document; nil without --oidc-issuer.
func (o *oidcSettings) provider(ctx context.Context, publicURL string) (*web.OIDC, error) {
	if o.issuer == "" {
		return nil, nil
	}
	return web.NewOIDC(ctx, web.OIDCConfig{Issuer: o.issuer, ClientID: o.clientID, ClientSecret: o.secret,
		Name: o.name, RoleClaim: o.roleClaim, RoleMap: o.roleMap, PublicURL: publicURL})
}
