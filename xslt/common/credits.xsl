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

  <!-- the names a respStmt credits, each normalised, in document order, none empty; a name marked
       @type='unknown' (teiedit writes one when the translator is not recorded) credits nobody -->
  <xsl:function name="tc:resp-names" as="xs:string*">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="($r/(tei:name | tei:persName | tei:orgName | tei:rs)[not(@type = 'unknown')]) ! normalize-space(.)[. != '']"/>
  </xsl:function>

  <!-- what the respStmt says of an unknown party ("translator not recorded"), when it names nobody -->
  <xsl:function name="tc:resp-unknown" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="if (exists(tc:resp-names($r))) then ''
                          else string-join(($r/(tei:name | tei:persName | tei:orgName | tei:rs)[@type = 'unknown']
                                            ! normalize-space(.))[. != ''], '; ')"/>
  </xsl:function>

  <!-- what the respStmt credits them for: its resp elements joined ("Translation; revision") -->
  <xsl:function name="tc:resp-role" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="string-join(($r/tei:resp ! normalize-space(.))[. != ''], '; ')"/>
  </xsl:function>

  <!-- one credit as a line: "Role: Name, Name" (or only the names / only the role when one is empty;
       "Role: translator not recorded" for an unknown party) -->
  <xsl:function name="tc:credit" as="xs:string">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:param name="sep" as="xs:string"/>
    <xsl:variable name="role" select="tc:resp-role($r)"/>
    <xsl:variable name="names" select="(string-join(tc:resp-names($r), $sep)[. != ''], tc:resp-unknown($r))[1]"/>
    <xsl:sequence select="string-join(($role, $names)[. != ''], ': ')"/>
  </xsl:function>

  <!-- a respStmt whose role is the translation itself ("Translation", "English translation",
       "Translator"), not work on it ("Revision of the translation") -->
  <xsl:function name="tc:is-translation" as="xs:boolean">
    <xsl:param name="r" as="element(tei:respStmt)"/>
    <xsl:sequence select="some $x in $r/tei:resp satisfies matches(normalize-space($x), '^(\p{L}+\s)?translat', 'i')"/>
  </xsl:function>

  <!-- the names of the respStmts whose role is a translation (for a citation's "Translated by") -->
  <xsl:function name="tc:translators" as="xs:string*">
    <xsl:param name="title-stmt" as="element(tei:titleStmt)?"/>
    <xsl:sequence select="$title-stmt/tei:respStmt[tc:is-translation(.)] ! tc:resp-names(.)"/>
  </xsl:function>

  <!-- the contributors as a citation names them, one phrase per respStmt that names someone:
       "Translated by A and B", "Proofreading by C", "TEI encoding, segmentation and alignment by
       teiedit"; an unknown translator is no contributor (no "Translated by"). The one place that
       decides who a citation credits (HTML citation; add any other citing output here). -->
  <xsl:function name="tc:citation-credits" as="xs:string*">
    <xsl:param name="title-stmt" as="element(tei:titleStmt)?"/>
    <xsl:for-each select="$title-stmt/tei:respStmt[exists(tc:resp-names(.))]">
      <xsl:variable name="names" select="tc:and(tc:resp-names(.))"/>
      <xsl:variable name="role" select="tc:resp-role(.)"/>
      <xsl:sequence select="if (tc:is-translation(.)) then 'Translated by ' || $names
                            else if ($role != '') then $role || ' by ' || $names
                            else $names"/>
    </xsl:for-each>
  </xsl:function>

  <!-- "A", "A and B", "A, B and C" -->
  <xsl:function name="tc:and" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) le 2) then string-join($names, ' and ')
                          else string-join($names[position() lt last()], ', ') || ' and ' || $names[last()]"/>
  </xsl:function>
</xsl:stylesheet>
