<?xml version="1.0" encoding="UTF-8"?>
<!--
  The one place that decides WHAT a TEI element is in the edition: a behaviour name.
  Each output (xslt/html/, xslt/print/) says HOW a behaviour looks, by matching
  *[tb:behaviour(.) = 'name'] in its own mode. A behaviour that one output renders and another
  does not is a bug: tests/test_behaviours.py checks every name below against both outputs.
  Elements not listed here get 'unknown': outputs keep their text and emit a coded warning
  (xsl:message starting "[teiedit:unknown-element]").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tb="urn:teiedit:behaviours"
    exclude-result-prefixes="#all">

  <xsl:mode name="tb:behaviour" on-no-match="fail"/>

  <!-- behaviour name for an element; the table is the templates below -->
  <xsl:function name="tb:behaviour" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:apply-templates select="$el" mode="tb:behaviour"/>
  </xsl:function>

  <!-- every behaviour name, for completeness checks -->
  <xsl:variable name="tb:all" as="xs:string+" select="(
    'division', 'heading', 'byline', 'author', 'paragraph', 'sentence',
    'note', 'emphasis', 'highlight', 'foreign', 'term', 'name', 'date', 'number', 'title', 'quote',
    'segment', 'reference', 'pointer', 'choice', 'sic', 'correction', 'original-form', 'regularisation',
    'abbreviation', 'expansion', 'unclear', 'gap', 'supplied', 'deletion', 'addition',
    'line-break', 'page-break', 'milestone', 'anchor', 'verse-group', 'verse-line', 'list', 'list-item', 'label',
    'table', 'row', 'cell', 'figure', 'graphic', 'figure-description', 'bibl', 'bibl-part', 'block-quote', 'unknown')"/>

  <xsl:template match="tei:div" mode="tb:behaviour" as="xs:string">division</xsl:template>
  <xsl:template match="tei:head" mode="tb:behaviour" as="xs:string">heading</xsl:template>
  <xsl:template match="tei:byline" mode="tb:behaviour" as="xs:string">byline</xsl:template>
  <xsl:template match="tei:docAuthor" mode="tb:behaviour" as="xs:string">author</xsl:template>
  <xsl:template match="tei:p" mode="tb:behaviour" as="xs:string">paragraph</xsl:template>
  <xsl:template match="tei:s" mode="tb:behaviour" as="xs:string">sentence</xsl:template>
  <xsl:template match="tei:note" mode="tb:behaviour" as="xs:string">note</xsl:template>
  <xsl:template match="tei:emph" mode="tb:behaviour" as="xs:string">emphasis</xsl:template>
  <xsl:template match="tei:hi" mode="tb:behaviour" as="xs:string">highlight</xsl:template>
  <xsl:template match="tei:foreign" mode="tb:behaviour" as="xs:string">foreign</xsl:template>
  <xsl:template match="tei:term" mode="tb:behaviour" as="xs:string">term</xsl:template>
  <xsl:template match="tei:name | tei:persName | tei:placeName | tei:orgName | tei:rs" mode="tb:behaviour" as="xs:string">name</xsl:template>
  <xsl:template match="tei:date" mode="tb:behaviour" as="xs:string">date</xsl:template>
  <xsl:template match="tei:num | tei:measure" mode="tb:behaviour" as="xs:string">number</xsl:template>
  <xsl:template match="tei:title" mode="tb:behaviour" as="xs:string">title</xsl:template>
  <xsl:template match="tei:q | tei:said" mode="tb:behaviour" as="xs:string">quote</xsl:template>
  <!-- quote is inline inside p/s and a block elsewhere -->
  <xsl:template match="tei:quote" mode="tb:behaviour" as="xs:string"
      ><xsl:sequence select="if (ancestor::tei:p) then 'quote' else 'block-quote'"/></xsl:template>
  <xsl:template match="tei:seg" mode="tb:behaviour" as="xs:string">segment</xsl:template>
  <xsl:template match="tei:ref" mode="tb:behaviour" as="xs:string">reference</xsl:template>
  <xsl:template match="tei:ptr" mode="tb:behaviour" as="xs:string">pointer</xsl:template>
  <xsl:template match="tei:choice" mode="tb:behaviour" as="xs:string">choice</xsl:template>
  <xsl:template match="tei:sic" mode="tb:behaviour" as="xs:string">sic</xsl:template>
  <xsl:template match="tei:corr" mode="tb:behaviour" as="xs:string">correction</xsl:template>
  <xsl:template match="tei:orig" mode="tb:behaviour" as="xs:string">original-form</xsl:template>
  <xsl:template match="tei:reg" mode="tb:behaviour" as="xs:string">regularisation</xsl:template>
  <xsl:template match="tei:abbr" mode="tb:behaviour" as="xs:string">abbreviation</xsl:template>
  <xsl:template match="tei:expan" mode="tb:behaviour" as="xs:string">expansion</xsl:template>
  <xsl:template match="tei:unclear" mode="tb:behaviour" as="xs:string">unclear</xsl:template>
  <xsl:template match="tei:gap" mode="tb:behaviour" as="xs:string">gap</xsl:template>
  <xsl:template match="tei:supplied" mode="tb:behaviour" as="xs:string">supplied</xsl:template>
  <xsl:template match="tei:del" mode="tb:behaviour" as="xs:string">deletion</xsl:template>
  <xsl:template match="tei:add" mode="tb:behaviour" as="xs:string">addition</xsl:template>
  <xsl:template match="tei:lb" mode="tb:behaviour" as="xs:string">line-break</xsl:template>
  <xsl:template match="tei:pb" mode="tb:behaviour" as="xs:string">page-break</xsl:template>
  <xsl:template match="tei:milestone" mode="tb:behaviour" as="xs:string">milestone</xsl:template>
  <!-- a place to point at, no text (e.g. type="alignment-gap": where a sentence of the other version
       has no counterpart) -->
  <xsl:template match="tei:anchor" mode="tb:behaviour" as="xs:string">anchor</xsl:template>
  <xsl:template match="tei:lg" mode="tb:behaviour" as="xs:string">verse-group</xsl:template>
  <xsl:template match="tei:l" mode="tb:behaviour" as="xs:string">verse-line</xsl:template>
  <xsl:template match="tei:list" mode="tb:behaviour" as="xs:string">list</xsl:template>
  <xsl:template match="tei:item" mode="tb:behaviour" as="xs:string">list-item</xsl:template>
  <xsl:template match="tei:label" mode="tb:behaviour" as="xs:string">label</xsl:template>
  <xsl:template match="tei:table" mode="tb:behaviour" as="xs:string">table</xsl:template>
  <xsl:template match="tei:row" mode="tb:behaviour" as="xs:string">row</xsl:template>
  <xsl:template match="tei:cell" mode="tb:behaviour" as="xs:string">cell</xsl:template>
  <xsl:template match="tei:figure" mode="tb:behaviour" as="xs:string">figure</xsl:template>
  <xsl:template match="tei:graphic" mode="tb:behaviour" as="xs:string">graphic</xsl:template>
  <xsl:template match="tei:figDesc" mode="tb:behaviour" as="xs:string">figure-description</xsl:template>
  <xsl:template match="tei:bibl" mode="tb:behaviour" as="xs:string">bibl</xsl:template>
  <!-- the parts of a bibliographic reference: run in with the reference's text -->
  <xsl:template match="tei:bibl/tei:author | tei:bibl/tei:editor | tei:bibl/tei:pubPlace | tei:bibl/tei:publisher
                       | tei:bibl/tei:biblScope | tei:bibl/tei:idno" mode="tb:behaviour" as="xs:string">bibl-part</xsl:template>
  <xsl:template match="*" mode="tb:behaviour" as="xs:string" priority="-10">unknown</xsl:template>
</xsl:stylesheet>
