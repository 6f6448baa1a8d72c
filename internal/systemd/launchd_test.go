package systemd

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

const launchdPath = "../../deploy/org.netsyncd.netsyncd.plist"

// plistValue is one decoded property-list value (Apple's plist DTD: dict,
// array, string, integer, true, false).
type plistValue any

// decodePlist reads a property list strictly: well-formed XML, a <plist>
// root holding one value, dict keys each followed by a value.
func decodePlist(data []byte) (plistValue, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("no <plist> element: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "plist" {
				return nil, fmt.Errorf("root element <%s>; want <plist>", se.Name.Local)
			}
			v, err := plistNext(d)
			if err != nil {
				return nil, err
			}
			if _, err := plistNext(d); err != errEnd {
				return nil, fmt.Errorf("<plist> holds more than one value")
			}
			for { // the rest must be well-formed too
				if _, err := d.Token(); err == io.EOF {
					return v, nil
				} else if err != nil {
					return nil, err
				}
			}
		}
	}
}

var errEnd = fmt.Errorf("end of element")

func plistNext(d *xml.Decoder) (plistValue, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil, errEnd
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return nil, fmt.Errorf("text %q outside an element", t)
			}
		case xml.StartElement:
			return plistElement(d, t)
		}
	}
}

func plistElement(d *xml.Decoder, se xml.StartElement) (plistValue, error) {
	switch se.Name.Local {
	case "string", "integer":
		var s string
		err := d.DecodeElement(&s, &se)
		return s, err
	case "true", "false":
		return se.Name.Local == "true", d.Skip()
	case "array":
		var list []plistValue
		for {
			v, err := plistNext(d)
			if err == errEnd {
				return list, nil
			} else if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
	case "dict":
		m := map[string]plistValue{}
		for {
			k, err := plistNext(d)
			if err == errEnd {
				return m, nil
			} else if err != nil {
				return nil, err
			}
			key, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("dict key %v is not a <key>", k)
			}
			v, err := plistNext(d)
			if err != nil {
				return nil, fmt.Errorf("dict key %q has no value: %v", key, err)
			}
			m[key] = v
		}
	case "key":
		var s string
		err := d.DecodeElement(&s, &se)
		return s, err
	}
	return nil, fmt.Errorf("unknown plist element <%s>", se.Name.Local)
}

// TestLaunchdAgent: the Mac's launchd user agent is a well-formed property
// list that runs `netsyncd run` at login, restarts it after a failure (not
// after a clean stop) at most once a minute, and logs to a file.
func TestLaunchdAgent(t *testing.T) {
	data, err := os.ReadFile(launchdPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"`)) {
		t.Error("the plist lacks Apple's DOCTYPE")
	}
	v, err := decodePlist(data)
	if err != nil {
		t.Fatalf("%s: %v", launchdPath, err)
	}
	agent, ok := v.(map[string]plistValue)
	if !ok {
		t.Fatalf("the plist holds %T; want a dict", v)
	}
	for key, want := range map[string]string{
		"Label":             "org.netsyncd.netsyncd",
		"ProgramArguments":  "[/Users/YOU/.local/bin/netsyncd run]",
		"RunAtLoad":         "true",
		"KeepAlive":         "map[SuccessfulExit:false]",
		"ThrottleInterval":  "60",
		"StandardErrorPath": "/Users/YOU/Library/Logs/netsyncd.log",
	} {
		if got := fmt.Sprint(agent[key]); got != want {
			t.Errorf("%s = %s; want %s", key, got, want)
		}
	}
}

// TestDecodePlistRefusesBadXML: the check above can fail.
func TestDecodePlistRefusesBadXML(t *testing.T) {
	for _, bad := range []string{
		`<plist version="1.0"><dict><key>Label</key></dict></plist>`,
		`<plist version="1.0"><dict><key>Label</key><string>x</dict></plist>`,
		`<plist version="1.0"><dict><key>A</key><real>1</real></dict></plist>`,
		`<dict/>`,
	} {
		if _, err := decodePlist([]byte(bad)); err == nil {
			t.Errorf("decodePlist(%q) accepted it", bad)
		}
	}
}
