<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dublin Core (oai_dc) record of one article, derived from its teiHeader: what an archive's catalogue
  needs to find the article without reading TEI. Parameters come from the deposit (never pasted text).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="http://www.tei-c.org/ns/1.0"
  xmlns:td="urn:teiedit:deposit"
  xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:tc="urn:teiedit:common"
  exclude-result-prefixes="xs t td tc">

  <xsl:include href="../common/credits.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:mode name="td:dc" on-no-match="shallow-skip"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <!-- the file name of the TEI document inside the deposit (data/tei/<name>) -->
  <xsl:param name="tei-name" as="xs:string" select="''"/>

  <xsl:variable name="xml-lang" select="QName('http://www.w3.org/XML/1998/namespace', 'lang')"/>

  <xsl:template match="/">
    <xsl:apply-templates select="t:TEI" mode="td:dc"/>
  </xsl:template>

  <xsl:template match="t:TEI" mode="td:dc">
    <xsl:variable name="fd" select="t:teiHeader/t:fileDesc"/>
    <xsl:variable name="monogr" select="$fd/t:sourceDesc/t:biblStruct/t:monogr"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <xsl:for-each select="$fd/t:titleStmt/t:title">
        <dc:title xml:lang="{@xml:lang}">
          <xsl:value-of select="normalize-space(.)"/>
        </dc:title>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:titleStmt/t:author/t:persName, $fd/t:titleStmt/t:author[not(t:persName)]">
        <dc:creator>
          <xsl:if test="@xml:lang"><xsl:attribute name="xml:lang" select="@xml:lang"/></xsl:if>
          <xsl:value-of select="normalize-space(.)"/>
        </dc:creator>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:titleStmt/t:respStmt[exists(tc:resp-names(.))]">
        <dc:contributor>
          <xsl:value-of select="string-join(tc:resp-names(.), ', ') || (tc:resp-role(.)[. != ''] ! (' (' || . || ')'))"/>
        </dc:contributor>
      </xsl:for-each>
      <dc:subject>People's Daily (人民日报), <xsl:value-of select="substring($monogr/t:imprint/t:date/@when, 1, 4)"/></dc:subject>
      <dc:description>
        <xsl:value-of select="'Bilingual TEI P5 edition of an article from ' || normalize-space($monogr/t:title[@xml:lang = 'en'][1])
          || ', ' || $monogr/t:imprint/t:date/@when || (if ($monogr/t:biblScope[@unit = 'page']) then ', page ' || $monogr/t:biblScope[@unit = 'page']/@from else '')
          || ': Chinese original and English translation, aligned sentence by sentence.'"/>
      </dc:description>
      <dc:publisher><xsl:value-of select="normalize-space($fd/t:publicationStmt/t:publisher)"/></dc:publisher>
      <dc:date><xsl:value-of select="$monogr/t:imprint/t:date/@when"/></dc:date>
      <dc:type>Text</dc:type>
      <dc:format>application/tei+xml</dc:format>
      <dc:identifier><xsl:value-of select="@xml:id"/></dc:identifier>
      <xsl:if test="$tei-name">
        <dc:identifier><xsl:value-of select="'data/tei/' || $tei-name"/></dc:identifier>
      </xsl:if>
      <xsl:for-each select="$fd/t:publicationStmt/t:idno[@type = 'source-id']">
        <dc:identifier><xsl:value-of select="'source-id:' || normalize-space(.)"/></dc:identifier>
      </xsl:for-each>
      <dc:source>
        <xsl:value-of select="string-join(($monogr/t:title[@level = 'j'] ! normalize-space(.)), ' / ') || ', '
          || $monogr/t:imprint/t:date/@when || (if ($monogr/t:biblScope[@unit = 'page']) then ', p. ' || $monogr/t:biblScope[@unit = 'page']/@from else '')"/>
      </dc:source>
      <xsl:for-each select="t:teiHeader/t:profileDesc/t:langUsage/t:language">
        <dc:language><xsl:value-of select="@ident"/></dc:language>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:seriesStmt/t:title">
        <dc:relation xml:lang="{@xml:lang}"><xsl:value-of select="normalize-space(.)"/></dc:relation>
      </xsl:for-each>
      <xsl:for-each select="$fd/t:publicationStmt/t:availability/t:licence">
        <dc:rights><xsl:value-of select="normalize-space(.) || (if (@target) then ' &lt;' || @target || '&gt;' else '')"/></dc:rights>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>
</xsl:stylesheet>
