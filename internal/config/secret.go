package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Secret is what netsyncd logs in with. It is read on demand and never kept
// in Config; its String, GoString and MarshalJSON hide the values, so a
// stray %v or zap.Any cannot print them.
type Secret struct {
	Password    string
	BearerToken string
	// OAuthClientSecret is caldav.oauth.client_secret_file's content, and
	// OAuthTokenFile where `netsyncd login` keeps the refresh token (a
	// path, not a secret): <state directory>/oauth-token.json.
	OAuthClientSecret string
	OAuthTokenFile    string
}

const hidden = "[redacted]"

func (s Secret) String() string {
	return fmt.Sprintf("Secret{Password: %s, BearerToken: %s, OAuthClientSecret: %s}", mask(s.Password), mask(s.BearerToken), mask(s.OAuthClientSecret))
}

// GoString hides the values from %#v too.
func (s Secret) GoString() string { return "config." + s.String() }

// MarshalJSON hides the values from JSON loggers.
func (s Secret) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `{"password":%q,"bearer_token":%q,"oauth_client_secret":%q}`, mask(s.Password), mask(s.BearerToken), mask(s.OAuthClientSecret)), nil
}

func mask(v string) string {
	if v == "" {
		return `""`
	}
	return hidden
}

// CredentialName is the systemd credential read when neither password_file
// nor password_env is set (LoadCredential=caldav-password:/path).
const CredentialName = "caldav-password"

// Secret reads the password or bearer token the config points at:
// caldav.password_file, caldav.password_env, caldav.password_command, else the systemd credential
// $CREDENTIALS_DIRECTORY/caldav-password; caldav.bearer_token_file or
// caldav.bearer_token_env. A trailing newline in a file is not part of the
// secret. With a username but no password anywhere it is an error; with
// neither, the zero Secret (no authentication).
func (c *Config) Secret() (Secret, error) { return c.SecretFrom(os.Getenv) }

// SecretFrom is Secret with the environment read through getenv.
func (c *Config) SecretFrom(getenv func(string) string) (Secret, error) {
	d := c.CalDAV
	var s Secret
	var err error
	switch {
	case d.OAuth != nil:
		s.OAuthTokenFile = filepath.Join(c.ResolveStateDir(getenv), OAuthTokenFileName)
		s.OAuthClientSecret, err = c.OAuthClientSecret()
	case d.PasswordFile != "":
		s.Password, err = readSecretFile("caldav.password_file", d.PasswordFile)
	case d.PasswordEnv != "":
		s.Password, err = readSecretEnv(getenv, "caldav.password_env", d.PasswordEnv)
	case len(d.PasswordCommand) > 0:
		s.Password, err = c.passwordFromCommand()
	case d.BearerTokenFile != "":
		s.BearerToken, err = readSecretFile("caldav.bearer_token_file", d.BearerTokenFile)
	case d.BearerTokenEnv != "":
		s.BearerToken, err = readSecretEnv(getenv, "caldav.bearer_token_env", d.BearerTokenEnv)
	default:
		s.Password, err = readCredential(getenv)
		if err == nil && s.Password == "" && d.Username != "" {
			err = fmt.Errorf("config: no password for caldav user %q: set caldav.password_file, caldav.password_env or caldav.password_command, or pass the systemd credential %s (LoadCredential=%s:/etc/netsyncd/password)", d.Username, CredentialName, CredentialName)
		}
	}
	if err != nil {
		return Secret{}, err
	}
	return s, nil
}

// readSecretFile's errors name the file and the reason, never the content.
func readSecretFile(key, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is in the message already
		}
		return "", fmt.Errorf("config: %s: cannot read %s: %v: check that it exists and that the daemon's user can read it", key, path, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", fmt.Errorf("config: %s: %s is empty: write the secret in it, on one line", key, path)
	}
	return v, nil
}

func readSecretEnv(getenv func(string) string, key, name string) (string, error) {
	v := getenv(name)
	if v == "" {
		if !envName.MatchString(name) {
			return "", fmt.Errorf("config: %s is not an environment variable name: write the variable's name, never the secret itself", key)
		}
		return "", fmt.Errorf("config: %s: the environment variable %s is not set or is empty: set it in the service's environment (or use password_file)", key, name)
	}
	return v, nil
}

// readCredential reads the systemd credential if the service has one; ""
// when there is none.
func readCredential(getenv func(string) string) (string, error) {
	dir := getenv("CREDENTIALS_DIRECTORY")
	if dir == "" {
		return "", nil
	}
	path := filepath.Join(dir, CredentialName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return readSecretFile("credential "+CredentialName, path)
}
