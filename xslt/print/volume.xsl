<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet for the edition as one book: title page, edition statement and licence, contents with
  page numbers, then every article (as in article.xsl) in the order given. The source document is a list
  written by teiedit.render_pdf: <v:volume><v:article href="file:…"/>…</v:volume>, sorted by date, with
  the articles themselves in the parameter $articles.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:p="urn:teiedit:print"
    xmlns:fox="http://xmlgraphics.apache.org/fop/extensions"
    xmlns:v="urn:teiedit:print-volume"
    exclude-result-prefixes="#all">

  <xsl:import href="fo-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="fail"/>
  <xsl:mode name="p:volume" on-no-match="fail"/>

  <!-- the articles, in the listing's order, as documents teiedit parsed safely (teiedit.xmlsafe): the
       stylesheet never reads a file itself, so no entity or DTD is ever resolved -->
  <xsl:param name="articles" as="array(document-node())" select="[]"/>

  <xsl:template match="/">
    <xsl:apply-templates select="v:volume" mode="p:volume"/>
  </xsl:template>

  <xsl:template match="v:volume" mode="p:volume">
    <xsl:variable name="teis" select="$articles?*!tei:TEI" as="element(tei:TEI)*"/>
    <xsl:variable name="editor-list" select="tokenize($editors, ';\s*')[. != '']"/>
    <fo:root font-family="{$p:en-fonts}" font-size="10pt" language="en" font-selection-strategy="character-by-character">
      <xsl:call-template name="p:layout-masters"/>
      <xsl:call-template name="p:declarations">
        <xsl:with-param name="title" select="$edition-title"/>
        <xsl:with-param name="creators" select="($editor-list, $publisher)[. != ''][1]"/>
        <xsl:with-param name="subject" select="'The edition as one volume: ' || count($teis) || ' articles of People''s Daily (人民日报), Chinese original with English translation.'"/>
        <xsl:with-param name="keywords" select="'People''s Daily, 人民日报, TEI, bilingual edition'"/>
        <xsl:with-param name="attachments" select="$teis"/>
      </xsl:call-template>

      <!-- front matter -->
      <fo:page-sequence master-reference="p-front" id="seq-front" format="i" language="en">
        <fo:static-content flow-name="p-foot" role="artifact">
          <fo:block font-size="8pt" color="{$p:grey}" text-align="center"><fo:page-number/></fo:block>
        </fo:static-content>
        <fo:flow flow-name="xsl-region-body">
          <fo:block text-align="center" space-before="55mm" space-before.conditionality="retain">
            <xsl:if test="$edition-title-zh != ''">
              <fo:block font-size="22pt" font-weight="bold" space-after="6mm"><xsl:sequence select="$p:zh"/>
                <xsl:value-of select="$edition-title-zh"/>
              </fo:block>
            </xsl:if>
            <fo:block font-size="18pt" font-style="italic" line-height="1.3" space-after="14mm" hyphenate="false">
              <xsl:value-of select="$edition-title"/>
            </fo:block>
            <fo:block font-size="11pt" space-after="2mm">
              <xsl:value-of select="count($teis) || (if (count($teis) = 1) then ' article' else ' articles')"/>
              <xsl:value-of select="if (exists($teis)) then ', ' || p:date-en(string(p:monogr($teis[1])/tei:imprint/tei:date/@when))
                  || (if (count($teis) gt 1) then ' – ' || p:date-en(string(p:monogr($teis[last()])/tei:imprint/tei:date/@when)) else '') else ''"/>
            </fo:block>
            <fo:block font-size="11pt" space-before="40mm"><xsl:value-of select="$publisher"/></fo:block>
            <fo:block font-size="10pt" color="{$p:grey}"><xsl:value-of select="$edition-date"/></fo:block>
          </fo:block>

          <!-- edition statement and licence -->
          <fo:block break-before="page" font-size="9.5pt" line-height="1.5" text-align="justify" hyphenate="true">
            <fo:block font-size="13pt" font-weight="bold" space-after="4mm">Edition statement</fo:block>
            <fo:block space-after="2mm">
              <fo:inline font-style="italic"><xsl:value-of select="$edition-title"/></fo:inline>
              <xsl:if test="$edition-title-zh != ''">
                <xsl:text> (</xsl:text><fo:inline><xsl:sequence select="$p:zh"/><xsl:value-of select="$edition-title-zh"/></fo:inline><xsl:text>)</xsl:text>
              </xsl:if>
              <xsl:value-of select="'. Published by ' || $publisher || ($edition-date[. != '']!(', ' || .)) || '.'"/>
            </fo:block>
            <xsl:if test="exists($editor-list)">
              <fo:block space-after="2mm"><xsl:value-of select="'Edited by ' || string-join($editor-list, ', ') || '.'"/></fo:block>
            </xsl:if>
            <fo:block space-after="2mm">
              <xsl:text>Each article is printed from its TEI P5 document: the Chinese original as published in 人民日报 (People’s Daily) on the left, the English translation on the right, one row per aligned group of paragraphs. Notes are the editors’. Editorial signs (as in the HTML edition): [ ] supplied or corrected, […] gap, ? unclear, ⸌ ⸍ added, struck through: deleted, | line break, [p. N] page break, § milestone of the source, ∅ no counterpart for a sentence of the other version; names are underlined. The TEI documents are attached to this PDF/A file.</xsl:text>
            </fo:block>
            <fo:block space-after="2mm">
              <xsl:text>Licence: </xsl:text>
              <xsl:value-of select="$licence"/>
              <xsl:if test="$licence-url != '' and p:safe-url($licence-url)">
                <xsl:text> (</xsl:text>
                <fo:basic-link external-destination="url('{$licence-url}')" color="{$p:link-colour}" fox:alt-text="Licence: {$licence-url}"><xsl:value-of select="$licence-url"/></fo:basic-link>
                <xsl:text>)</xsl:text>
              </xsl:if>
              <xsl:text>.</xsl:text>
            </fo:block>
            <xsl:if test="$base-url != ''">
              <fo:block space-after="2mm"><xsl:value-of select="'Online: ' || $base-url"/></fo:block>
            </xsl:if>
          </fo:block>

          <!-- contents -->
          <fo:block break-before="page" id="p-contents">
            <fo:block font-size="13pt" font-weight="bold" space-after="5mm">
              <xsl:text>Contents </xsl:text><fo:inline><xsl:sequence select="$p:zh"/>目录</fo:inline>
            </fo:block>
            <xsl:for-each select="$teis">
              <fo:block space-after="2.5mm" keep-together.within-page="always" font-size="9.5pt" line-height="1.4">
                <fo:block color="{$p:grey}" font-size="8pt">
                  <xsl:value-of select="p:source-short(.)"/>
                </fo:block>
                <fo:block text-align-last="justify" end-indent="10mm" last-line-end-indent="-10mm">
                  <fo:basic-link internal-destination="{@xml:id}" fox:alt-text="Go to {p:title(., 'en')}">
                    <fo:inline><xsl:sequence select="$p:zh"/><xsl:value-of select="p:title(., 'zh')"/></fo:inline>
                    <xsl:text>  </xsl:text>
                    <fo:inline font-style="italic"><xsl:value-of select="p:title(., 'en')"/></fo:inline>
                    <xsl:value-of select="string-join(p:authors(., 'en'), ', ')[. != '']!(' — ' || .)"/>
                  </fo:basic-link>
                  <fo:leader leader-pattern="dots" leader-pattern-width="4pt"/>
                  <fo:basic-link internal-destination="{@xml:id}" fox:alt-text="Go to {p:title(., 'en')}"><fo:page-number-citation ref-id="{@xml:id}"/></fo:basic-link>
                </fo:block>
              </fo:block>
            </xsl:for-each>
          </fo:block>
        </fo:flow>
      </fo:page-sequence>

      <!-- the articles -->
      <xsl:for-each select="$teis">
        <fo:page-sequence master-reference="p-article" id="seq-{@xml:id}" language="en">
          <xsl:if test="position() = 1"><xsl:attribute name="initial-page-number" select="1"/></xsl:if>
          <xsl:call-template name="p:static-content">
            <xsl:with-param name="head-left" select="p:title(., 'en')"/>
            <xsl:with-param name="head-right" select="p:source-short(.)"/>
            <xsl:with-param name="last-id" select="'p-volume-end'"/>
            <xsl:with-param name="last-is-sequence" select="false()"/>
          </xsl:call-template>
          <fo:flow flow-name="xsl-region-body">
            <xsl:call-template name="p:article-content">
              <xsl:with-param name="tei" select="."/>
            </xsl:call-template>
            <xsl:if test="position() = last()"><fo:block id="p-volume-end"/></xsl:if>
          </fo:flow>
        </fo:page-sequence>
      </xsl:for-each>
    </fo:root>
  </xsl:template>
</xsl:stylesheet>
