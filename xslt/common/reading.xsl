<?xml version="1.0" encoding="UTF-8"?>
<!--
  The reading text of a passage: what the edition shows, as plain text, for everything that quotes the
  text (search records, "Cite this sentence", copied quotations, PDF bookmarks). One definition, so that
  a citation, a search hit and a bookmark cannot drift apart; src/teiedit/reading.py is its Python twin
  (tests/test_reading.py holds the two to the same answers).

  - choice: the reading the edition shows (corr, reg, expan; else the first child), never both;
  - no notes (their calls are not text), no gap signs ([…]), no deleted text, no alignment anchors;
  - white space collapsed; none between Chinese characters or before punctuation; a punctuation mark
    doubled by dropping a note or a gap is written once (。。 → 。, ,, → ,).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tr="urn:teiedit:reading"
    exclude-result-prefixes="#all">

  <xsl:mode name="tr:reading" on-no-match="shallow-skip"/>

  <!-- the reading text of some nodes (elements or text), as one normalised string -->
  <xsl:function name="tr:reading-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="raw" as="xs:string*">
      <!-- a note asked for itself gives its own text; inside a passage it is left out -->
      <xsl:apply-templates select="$nodes ! (if (self::tei:note) then node() else .)" mode="tr:reading"/>
    </xsl:variable>
    <xsl:sequence select="tr:normalise(string-join($raw))"/>
  </xsl:function>

  <!-- the normalisation shared with reading.py (same character classes and patterns, same order;
       two passes glue a run of spaced characters, as XPath has no look-ahead) -->
  <xsl:function name="tr:normalise" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="cjk" select="'[&#x3000;-&#x303F;&#x3400;-&#x9FFF;&#xFF00;-&#xFFEF;]'"/>
    <xsl:variable name="glued" select="$text => normalize-space()
        => replace('(' || $cjk || ')\s+(' || $cjk || ')', '$1$2')
        => replace('(' || $cjk || ')\s+(' || $cjk || ')', '$1$2')"/>
    <xsl:sequence select="$glued
        => replace('\s+([,.;:!?&#x3002;&#xFF0C;&#x3001;&#xFF1B;&#xFF1A;&#xFF01;&#xFF1F;&#xFF09;&#x300D;&#x300F;&#x300B;&#x201D;&#x2019;])', '$1')
        => replace('([,;:&#x3002;&#xFF0C;&#x3001;&#xFF1B;&#xFF1A;])\1+', '$1')"/>
  </xsl:function>

  <xsl:template match="text()" mode="tr:reading">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="tei:note | tei:gap | tei:del | tei:anchor | tei:figDesc" mode="tr:reading"/>
  <xsl:template match="tei:choice" mode="tr:reading">
    <xsl:variable name="shown" select="(tei:corr | tei:reg | tei:expan)[1]"/>
    <xsl:apply-templates select="if (exists($shown)) then $shown else *[1]" mode="tr:reading"/>
  </xsl:template>
  <!-- line and page breaks inside a word carry break="no"; elsewhere they separate words -->
  <xsl:template match="tei:lb | tei:pb" mode="tr:reading">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>
</xsl:stylesheet>
