<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared helpers every output needs and must agree on: which URLs may become links (link safety),
  which tokens may go into class/lang attributes, and the alignment links of a sentence.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:teiedit:common"
    exclude-result-prefixes="#all">

  <!-- the URL if it is safe to turn into a link (http, https, mailto, relative or a #fragment), else ''.
       Browsers ignore ASCII white space and control characters inside a scheme ("java&#9;script:"),
       so those are removed before the scheme is looked at. -->
  <xsl:function name="tc:safe-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:variable name="squeezed" select="replace($u, '[\s\p{Cc}]', '')"/>
    <xsl:sequence select="
      if ($u = '') then ''
      else if (matches($squeezed, '^(https?|mailto):', 'i')) then $u
      else if (matches($squeezed, '^[a-zA-Z][a-zA-Z0-9+.\-]*:')) then ''
      else if (contains($squeezed, ':') and not(matches($squeezed, '^[^:]*[/?#]'))) then ''
      else $u"/>
  </xsl:function>

  <!-- first URL of a space-separated pointer list (@ref, @target), or '' when any of them is unsafe:
       "java&#9;script:…" is two pointers to TEI but one URL to a browser -->
  <xsl:function name="tc:first-pointer" as="xs:string">
    <xsl:param name="pointers" as="xs:string?"/>
    <xsl:variable name="all" select="tokenize(normalize-space($pointers), ' ')[. != '']"/>
    <xsl:sequence select="if (some $p in $all satisfies tc:safe-url($p) = '') then '' else ($all, '')[1]"/>
  </xsl:function>

  <!-- a token safe inside a class attribute: letters, digits and hyphens only -->
  <xsl:function name="tc:css-token" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <!-- most tokens (element names) are safe already: skip the regular expression -->
    <xsl:sequence select="if (translate($t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-', '') = '')
                          then $t else replace($t, '[^A-Za-z0-9\-]+', '-')"/>
  </xsl:function>

  <!-- a language tag (BCP 47 shape) or '' -->
  <xsl:function name="tc:lang-tag" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="if (matches(normalize-space($s), '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$'))
                          then normalize-space($s) else ''"/>
  </xsl:function>

  <!-- alignment links (standOff linkGrp[@type='alignment']/link) by each of their targets -->
  <xsl:key name="tc:alignment-link" match="tei:linkGrp[@type = 'alignment']/tei:link"
           use="tokenize(normalize-space(@target), ' ')"/>

  <!-- ids of the sentences linked to a sentence (the other members of its alignment beads) -->
  <xsl:function name="tc:linked-ids" as="xs:string*">
    <xsl:param name="s" as="element()"/>
    <xsl:variable name="self" select="'#' || $s/@xml:id"/>
    <xsl:sequence select="distinct-values(
      for $l in key('tc:alignment-link', $self, root($s)),
          $t in tokenize(normalize-space($l/@target), ' ')
      return (if ($t != $self and starts-with($t, '#')) then substring($t, 2) else ()))"/>
  </xsl:function>

  <!-- lowest @cert of a sentence's alignment links, or () -->
  <xsl:function name="tc:link-cert" as="xs:string?">
    <xsl:param name="s" as="element()"/>
    <xsl:variable name="certs" select="key('tc:alignment-link', '#' || $s/@xml:id, root($s))/@cert
                                       [. castable as xs:double]"/>
    <xsl:sequence select="if (exists($certs)) then string(min($certs ! xs:double(.))) else ()"/>
  </xsl:function>

  <!-- true when a person reviewed the sentence's alignment: one of its links carries @resp naming an
       agent other than the aligner (#teiedit); see the review convention in the README -->
  <xsl:function name="tc:link-reviewed" as="xs:boolean">
    <xsl:param name="s" as="element()"/>
    <xsl:sequence select="some $l in key('tc:alignment-link', '#' || $s/@xml:id, root($s))
                          satisfies tc:reviewed($l)"/>
  </xsl:function>

  <!-- a link a person made or confirmed: @resp present and not only the aligner's -->
  <xsl:function name="tc:reviewed" as="xs:boolean">
    <xsl:param name="link" as="element()"/>
    <xsl:sequence select="exists(tokenize(normalize-space($link/@resp), ' ')[. != '#teiedit'])"/>
  </xsl:function>

  <!-- the bead shape(s) of a sentence: '1-1', '2-1' ... -->
  <xsl:function name="tc:link-type" as="xs:string">
    <xsl:param name="s" as="element()"/>
    <xsl:sequence select="string-join(distinct-values(
      key('tc:alignment-link', '#' || $s/@xml:id, root($s))/@type), ' ')"/>
  </xsl:function>
</xsl:stylesheet>
