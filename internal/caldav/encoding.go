package caldav

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// decodeContent undoes a Content-Encoding Go's client left in place. The
// client asks for gzip and inflates it itself; a server or a proxy in front
// of it (Apache's mod_deflate, an old nginx rule) may compress anyway, with
// deflate or gzip unasked. deflate is read both as RFC 9110 says (a zlib
// stream) and as many servers send it (raw deflate). Any other encoding
// (br, compress, zstd) is refused with what to do, instead of handing the
// compressed bytes to the XML decoder ("invalid XML name: ..."). The decoded
// bytes are bounded where the body is read (MaxBody, discovery's cap, and
// maxErrorBody for an error answer, which is inflated the same way).
func decodeContent(req *http.Request, resp *http.Response) error {
	ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	var r io.Reader
	if ce == "" || ce == "identity" {
		return nil
	}
	br := bufio.NewReader(resp.Body)
	head, _ := br.Peek(2)
	switch {
	case len(head) == 0:
		r = br // an empty body, as a 201 or 204 may have, is no stream
	case ce != "gzip" && ce != "x-gzip" && ce != "deflate":
		resp.Body.Close()
		return &requestError{fmt.Errorf("caldav: %s %s: %d with Content-Encoding %q, which netsyncd did not ask for and cannot read: "+
			"turn that compression off for the CalDAV paths in the server or the proxy in front of it", req.Method, req.URL.Redacted(), resp.StatusCode, ce)}
	case ce != "deflate":
		zr, err := gzip.NewReader(br)
		if err != nil {
			resp.Body.Close()
			return &requestError{fmt.Errorf("caldav: %s %s: the answer says Content-Encoding gzip but is not gzip (%v)", req.Method, req.URL.Redacted(), err)}
		}
		r = zr
	case len(head) == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0:
		zr, err := zlib.NewReader(br)
		if err != nil {
			resp.Body.Close()
			return &requestError{fmt.Errorf("caldav: %s %s: the answer says Content-Encoding deflate but is not (%v)", req.Method, req.URL.Redacted(), err)}
		}
		r = zr
	default:
		r = flate.NewReader(br)
	}
	resp.Body = decodedBody{r, resp.Body}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
	return nil
}

// decodedBody reads the decoded stream and closes the connection's body.
type decodedBody struct {
	io.Reader
	io.Closer
}
