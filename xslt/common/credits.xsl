<?xml version="1.0" encoding="UTF-8"?>
<!--
  Credits: what a respStmt says, for every output that prints it (HTML "Edition" line, PDF colophon,
  Dublin Core contributor, citation). The schema admits resp+ and (name | persName | orgName)+, so these
  functions read sequences: a stylesheet that called normalize-space(tei:name) died (XPTY0004) on a
  second name and printed nothing for a persName.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tc="urn:teiedit:common"
    exclude-result-prefixes="#all">

  <!-- the names a respStmt credits, each normalised, in document order, none empty -->
  <xsl:function name="tc:resp-names" as="xs:string*">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="($r/(tei:name | tei:persName | tei:orgName | tei:rs)) ! normalize-space(.)[. != '']"/>
  </xsl:function>

  <!-- what the respStmt credits them for: its resp elements joined ("Translation; revision") -->
  <xsl:function name="tc:resp-role" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="string-join(($r/tei:resp ! normalize-space(.))[. != ''], '; ')"/>
  </xsl:function>

  <!-- one credit as a line: "Role: Name, Name" (or only the names / only the role when one is empty) -->
  <xsl:function name="tc:credit" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:param name="sep" as="xs:string"/>
    <xsl:variable name="role" select="tc:resp-role($r)"/>
    <xsl:variable name="names" select="string-join(tc:resp-names($r), $sep)"/>
    <xsl:sequence select="string-join(($role, $names)[. != ''], ': ')"/>
  </xsl:function>

  <!-- the names of the respStmts whose role is a translation (for a citation's "Translated by") -->
  <xsl:function name="tc:translators" as="xs:string*">
    <xsl:param name="title-stmt" as="element(tei:titleStmt)?"/>
    <xsl:sequence select="$title-stmt/tei:respStmt[some $x in tei:resp satisfies matches($x, 'translat', 'i')] ! tc:resp-names(.)"/>
  </xsl:function>
</xsl:stylesheet>
