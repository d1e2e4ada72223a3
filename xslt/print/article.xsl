<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet of the print edition: one TEI article → one XSL-FO document (rendered by Apache FOP).
  Everything about HOW elements look is in fo-common.xsl; WHAT they are in ../common/behaviours.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:p="urn:teiedit:print"
    exclude-result-prefixes="#all">

  <xsl:import href="fo-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="fail"/>

  <xsl:template match="/">
    <xsl:if test="not(tei:TEI)">
      <xsl:message terminate="yes" select="'[teiedit:not-tei] the document element is ' || name(*) || ', not TEI'"/>
    </xsl:if>
    <xsl:apply-templates select="tei:TEI" mode="p:article"/>
  </xsl:template>

  <xsl:mode name="p:article" on-no-match="fail"/>

  <xsl:template match="tei:TEI" mode="p:article">
    <xsl:variable name="zh-title" select="p:title(., 'zh')"/>
    <xsl:variable name="en-title" select="p:title(., 'en')"/>
    <fo:root font-family="{$p:en-fonts}" font-size="10pt" language="{substring-before((@xml:lang, 'en')[1] || '-', '-')}" font-selection-strategy="character-by-character">
      <xsl:call-template name="p:layout-masters"/>
      <xsl:call-template name="p:declarations">
        <xsl:with-param name="title" select="$en-title || ' (' || $zh-title || ')'"/>
        <xsl:with-param name="creators" select="for $i in 1 to max((count(p:authors(., 'en')), count(p:authors(., 'zh'))))
            return normalize-space(string-join((p:authors(., 'en')[$i], p:authors(., 'zh')[$i]!('(' || . || ')')), ' '))"/>
        <xsl:with-param name="subject" select="'People''s Daily (人民日报), ' || p:date-en(string(p:monogr(.)/tei:imprint/tei:date/@when))
            || (p:monogr(.)/tei:biblScope[@unit = 'page'])[1]!(', page ' || normalize-space(.))
            || ': Chinese original with English translation. ' || $edition-title"/>
        <xsl:with-param name="keywords" select="string-join(('People''s Daily', '人民日报',
            string(p:monogr(.)/tei:imprint/tei:date/@when), 'TEI', string(@xml:id)), ', ')"/>
        <xsl:with-param name="attachments" select="."/>
      </xsl:call-template>
      <fo:page-sequence master-reference="p-article" id="seq-{@xml:id}" language="en">
        <xsl:call-template name="p:static-content">
          <xsl:with-param name="head-left" select="$en-title"/>
          <xsl:with-param name="head-right" select="p:source-short(.)"/>
          <xsl:with-param name="last-id" select="'seq-' || @xml:id"/>
        </xsl:call-template>
        <fo:flow flow-name="xsl-region-body">
          <xsl:call-template name="p:article-content">
            <xsl:with-param name="tei" select="."/>
          </xsl:call-template>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>
</xsl:stylesheet>
