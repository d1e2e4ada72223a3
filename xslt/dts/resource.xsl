<?xml version="1.0" encoding="UTF-8"?>
<!--
  One article's static DTS 1.0 (Level 0) responses, from its TEI: the Resource (Collection endpoint),
  the Navigation responses each citation tree needs, and the Document fragments of every citable unit.
  The paths and URI templates are the README's "DTS" section; the trees are the document's own
  refsDecl/citeStructure (xslt/common/cite.xsl). Output: a dts:files bundle, one dts:file per response,
  JSON ones in the fn:xml-to-json vocabulary turned to text here, TEI ones as elements; teiedit.dts
  writes them (atomically, as one folder per article). Nothing here reads a clock or a file.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="http://www.tei-c.org/ns/1.0"
  xmlns:j="http://www.w3.org/2005/xpath-functions"
  xmlns:cite="urn:teiedit:cite"
  xmlns:d="urn:teiedit:dts"
  exclude-result-prefixes="xs t j cite">

  <xsl:include href="../common/cite.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:mode on-no-match="shallow-skip"/>
  <xsl:mode name="d:copy" on-no-match="shallow-copy"/>

  <!-- the TEI file's name on the site (its download is <site>tei/<name>) -->
  <xsl:param name="tei-name" as="xs:string" select="''"/>
  <!-- the site's URL: the edition's base_url, else "/" (the site served at a server's root) -->
  <xsl:param name="site" as="xs:string" select="'/'"/>
  <!-- per-unit files (navigation by ref, document fragments) for units down to this level; -1: all -->
  <xsl:param name="unit-depth" as="xs:integer" select="-1"/>
  <xsl:variable name="dts" select="$site || 'dts/'"/>
  <xsl:variable name="context" select="'https://dtsapi.org/context/v1.0.json'"/>

  <xsl:key name="id" match="*[@xml:id]" use="string(@xml:id)"/>

  <xsl:template match="/">
    <xsl:apply-templates select="t:TEI"/>
  </xsl:template>

  <xsl:template match="t:TEI">
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="trees" select="cite:trees(.)"/>
    <xsl:variable name="resource" as="element(j:map)">
      <xsl:call-template name="d:resource">
        <xsl:with-param name="tei" select="."/>
        <xsl:with-param name="full" select="false()"/>
      </xsl:call-template>
    </xsl:variable>
    <d:files article="{$id}">
      <!-- the Collection endpoint's view of the article, the Resource with its metadata (the index stage
           publishes it as collection/<id>.json, beside its parents) -->
      <d:file path="resources/{$id}/resource.json" kind="json">
        <xsl:variable name="full" as="element(j:map)">
          <xsl:call-template name="d:resource">
            <xsl:with-param name="tei" select="."/>
            <xsl:with-param name="full" select="true()"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:sequence select="xml-to-json($full)"/>
      </d:file>
      <xsl:for-each select="$trees">
        <xsl:variable name="tree" select="."/>
        <xsl:variable name="units" select="cite:units(.)"/>
        <xsl:variable name="tree-part" select="cite:tree-id(.) ! (';tree=' || .)"/>
        <xsl:variable name="nav" select="'resources/' || $id || '/navigation' || $tree-part"/>
        <xsl:variable name="doc" select="'resources/' || $id || '/document' || $tree-part"/>
        <!-- the tree from its root: down=1 (the top level), down=2 and down=-1 (all) -->
        <xsl:for-each select="1, 2, -1">
          <xsl:variable name="down" select="."/>
          <xsl:call-template name="d:navigation">
            <xsl:with-param name="path" select="$nav || ';down=' || $down || '.json'"/>
            <xsl:with-param name="resource" select="$resource"/>
            <xsl:with-param name="members" select="$units[$down = -1 or ?level le $down]"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:for-each select="$units[$unit-depth = -1 or ?level le $unit-depth]">
          <xsl:variable name="unit" select="."/>
          <xsl:variable name="below" select="$units[?parent = $unit?ref]"/>
          <!-- each unit alone (ref, no down) -->
          <xsl:call-template name="d:navigation">
            <xsl:with-param name="path" select="$nav || '/' || $unit?ref || '.json'"/>
            <xsl:with-param name="resource" select="$resource"/>
            <xsl:with-param name="ref" select="$unit"/>
          </xsl:call-template>
          <!-- a unit with children, with them (ref, down=1) -->
          <xsl:if test="exists($below)">
            <xsl:call-template name="d:navigation">
              <xsl:with-param name="path" select="$nav || ';down=1/' || $unit?ref || '.json'"/>
              <xsl:with-param name="resource" select="$resource"/>
              <xsl:with-param name="ref" select="$unit"/>
              <xsl:with-param name="members" select="$unit, $below"/>
            </xsl:call-template>
          </xsl:if>
          <!-- the unit's text (Document endpoint, ref) -->
          <d:file path="{$doc}/{$unit?ref}.xml" kind="xml">
            <!-- xsl:element: the fragment carries no namespace of this stylesheet but TEI's and the wrapper's -->
            <xsl:element name="TEI" namespace="http://www.tei-c.org/ns/1.0">
              <xsl:element name="dts:wrapper" namespace="https://w3id.org/api/dts#">
                <xsl:apply-templates select="$unit?node" mode="d:fragment"/>
              </xsl:element>
            </xsl:element>
          </d:file>
        </xsl:for-each>
      </xsl:for-each>
    </d:files>
  </xsl:template>

  <!-- ===== JSON (fn:xml-to-json vocabulary) ============================================================ -->

  <xsl:template name="d:resource" as="element(j:map)">
    <xsl:param name="tei" as="element(t:TEI)"/>
    <xsl:param name="full" as="xs:boolean"/>
    <xsl:variable name="id" select="string($tei/@xml:id)"/>
    <xsl:variable name="fd" select="$tei/t:teiHeader/t:fileDesc"/>
    <xsl:variable name="monogr" select="$fd/t:sourceDesc/t:biblStruct/t:monogr"/>
    <xsl:variable name="title-zh" select="normalize-space(($fd/t:titleStmt/t:title[@xml:lang = 'zh-Hans'][not(@type = 'sub')])[1])"/>
    <xsl:variable name="title-en" select="normalize-space(($fd/t:titleStmt/t:title[@xml:lang = 'en'][not(@type = 'sub')])[1])"/>
    <xsl:variable name="date" select="string($monogr/t:imprint/t:date/@when)"/>
    <xsl:variable name="page" select="string($monogr/t:biblScope[@unit = 'page']/@from)"/>
    <j:map>
      <xsl:if test="$full">
        <j:string key="@context"><xsl:value-of select="$context"/></j:string>
        <j:string key="dtsVersion">1.0</j:string>
      </xsl:if>
      <j:string key="@id"><xsl:value-of select="$id"/></j:string>
      <j:string key="@type">Resource</j:string>
      <j:string key="title"><xsl:value-of select="if ($title-en) then $title-zh || ' [' || $title-en || ']' else $title-zh"/></j:string>
      <xsl:if test="$full">
        <j:string key="description">
          <xsl:value-of select="string-join(($monogr/t:title[@level = 'j'] ! normalize-space(.)), ' / ') || ', ' || $date
            || ($page[.] ! (', page ' || .)) || ': the Chinese original and its English translation, aligned sentence by sentence'"/>
        </j:string>
        <j:number key="totalParents">1</j:number>
        <j:number key="totalChildren">0</j:number>
        <j:map key="dublinCore">
          <j:array key="title">
            <xsl:for-each select="$fd/t:titleStmt/t:title[not(@type = 'sub')][normalize-space()]">
              <xsl:call-template name="d:lang-value"/>
            </xsl:for-each>
          </j:array>
          <xsl:variable name="authors" select="$fd/t:titleStmt/t:author/t:persName, $fd/t:titleStmt/t:author[not(t:persName)]"/>
          <xsl:if test="$authors">
            <j:array key="creator">
              <xsl:for-each select="$authors">
                <xsl:call-template name="d:lang-value"/>
              </xsl:for-each>
            </j:array>
          </xsl:if>
          <xsl:if test="$date"><j:string key="date"><xsl:value-of select="$date"/></j:string></xsl:if>
          <j:array key="isPartOf">
            <xsl:for-each select="$monogr/t:title[@level = 'j']">
              <xsl:call-template name="d:lang-value"/>
            </xsl:for-each>
          </j:array>
          <j:array key="publisher">
            <j:string><xsl:value-of select="normalize-space($fd/t:publicationStmt/t:publisher)"/></j:string>
          </j:array>
          <j:array key="language">
            <xsl:for-each select="$tei/t:teiHeader/t:profileDesc/t:langUsage/t:language">
              <j:string><xsl:value-of select="@ident"/></j:string>
            </xsl:for-each>
          </j:array>
          <j:array key="type"><j:string>Text</j:string></j:array>
          <j:array key="identifier">
            <j:string><xsl:value-of select="$id"/></j:string>
          </j:array>
          <xsl:variable name="licences" select="$fd/t:publicationStmt/t:availability/t:licence[@target]"/>
          <xsl:if test="$licences">
            <j:array key="license">
              <xsl:for-each select="$licences"><j:string><xsl:value-of select="@target"/></j:string></xsl:for-each>
            </j:array>
          </xsl:if>
        </j:map>
      </xsl:if>
      <j:string key="collection"><xsl:value-of select="$dts || 'collection/' || $id || '{;nav}.json'"/></j:string>
      <j:string key="navigation"><xsl:value-of select="$dts || 'resources/' || $id || '/navigation{;tree,down}{/ref}.json'"/></j:string>
      <j:string key="document"><xsl:value-of select="$dts || 'resources/' || $id || '/document{;tree}{/ref}.xml'"/></j:string>
      <xsl:if test="$full">
        <xsl:if test="$tei-name">
          <j:string key="download"><xsl:value-of select="$site || 'tei/' || encode-for-uri($tei-name)"/></j:string>
        </xsl:if>
        <j:array key="mediaTypes"><j:string>application/tei+xml</j:string></j:array>
      </xsl:if>
      <j:array key="citationTrees">
        <xsl:for-each select="cite:trees($tei)">
          <j:map>
            <j:string key="@type">CitationTree</j:string>
            <xsl:for-each select="cite:tree-id(.)">
              <j:string key="identifier"><xsl:value-of select="."/></j:string>
            </xsl:for-each>
            <xsl:call-template name="d:cite-structures">
              <xsl:with-param name="structures" select="t:citeStructure"/>
            </xsl:call-template>
          </j:map>
        </xsl:for-each>
      </j:array>
    </j:map>
  </xsl:template>

  <xsl:template name="d:cite-structures">
    <xsl:param name="structures" as="element(t:citeStructure)*"/>
    <xsl:if test="$structures">
      <j:array key="citeStructure">
        <xsl:for-each select="$structures">
          <j:map>
            <j:string key="@type">CiteStructure</j:string>
            <j:string key="citeType"><xsl:value-of select="@unit"/></j:string>
            <xsl:call-template name="d:cite-structures">
              <xsl:with-param name="structures" select="t:citeStructure"/>
            </xsl:call-template>
          </j:map>
        </xsl:for-each>
      </j:array>
    </xsl:if>
  </xsl:template>

  <xsl:template name="d:lang-value">
    <j:map>
      <xsl:variable name="lang" select="(ancestor-or-self::*[@xml:lang][1]/@xml:lang)[1]"/>
      <xsl:if test="$lang"><j:string key="lang"><xsl:value-of select="$lang"/></j:string></xsl:if>
      <j:string key="value"><xsl:value-of select="normalize-space(.)"/></j:string>
    </j:map>
  </xsl:template>

  <xsl:template name="d:navigation">
    <xsl:param name="path" as="xs:string"/>
    <xsl:param name="resource" as="element(j:map)"/>
    <xsl:param name="ref" as="map(*)?"/>
    <xsl:param name="members" as="map(*)*" select="()"/>
    <xsl:param name="with-members" as="xs:boolean" select="empty($ref) or exists($members)"/>
    <xsl:variable name="json" as="element(j:map)">
      <j:map>
        <j:string key="@context"><xsl:value-of select="$context"/></j:string>
        <j:string key="dtsVersion">1.0</j:string>
        <j:string key="@type">Navigation</j:string>
        <j:string key="@id"><xsl:value-of select="$dts || $path"/></j:string>
        <j:map key="resource"><xsl:sequence select="$resource/*"/></j:map>
        <xsl:if test="exists($ref)">
          <xsl:call-template name="d:unit"><xsl:with-param name="unit" select="$ref"/><xsl:with-param name="key" select="'ref'"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="$with-members">
          <j:array key="member">
            <xsl:for-each select="$members">
              <xsl:call-template name="d:unit"><xsl:with-param name="unit" select="."/></xsl:call-template>
            </xsl:for-each>
          </j:array>
        </xsl:if>
      </j:map>
    </xsl:variable>
    <d:file path="{$path}" kind="json"><xsl:sequence select="xml-to-json($json)"/></d:file>
  </xsl:template>

  <xsl:template name="d:unit">
    <xsl:param name="unit" as="map(*)"/>
    <xsl:param name="key" as="xs:string?"/>
    <j:map>
      <xsl:if test="$key"><xsl:attribute name="key" select="$key"/></xsl:if>
      <j:string key="identifier"><xsl:value-of select="$unit?ref"/></j:string>
      <j:string key="@type">CitableUnit</j:string>
      <j:number key="level"><xsl:value-of select="$unit?level"/></j:number>
      <xsl:choose>
        <xsl:when test="exists($unit?parent)"><j:string key="parent"><xsl:value-of select="$unit?parent"/></j:string></xsl:when>
        <xsl:otherwise><j:null key="parent"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$unit?type"><j:string key="citeType"><xsl:value-of select="$unit?type"/></j:string></xsl:if>
      <xsl:variable name="dc" select="cite:data($unit)[starts-with(?property, 'http://purl.org/dc/terms/')]"/>
      <xsl:if test="exists($dc)">
        <j:map key="dublinCore">
          <xsl:for-each-group select="$dc" group-by="substring-after(?property, 'http://purl.org/dc/terms/')">
            <j:array key="{current-grouping-key()}">
              <xsl:for-each select="current-group()"><j:string><xsl:value-of select="?value"/></j:string></xsl:for-each>
            </j:array>
          </xsl:for-each-group>
        </j:map>
      </xsl:if>
    </j:map>
  </xsl:template>

  <!-- ===== Document fragments ========================================================================== -->

  <!-- a paragraph or sentence, with its division's language (which a fragment no longer inherits) -->
  <xsl:template match="t:p | t:s" mode="d:fragment">
    <xsl:copy copy-namespaces="no">
      <xsl:if test="not(@xml:lang)">
        <xsl:attribute name="xml:lang" select="ancestor::*[@xml:lang][1]/@xml:lang"/>
      </xsl:if>
      <xsl:apply-templates select="@* | node()" mode="d:copy"/>
    </xsl:copy>
  </xsl:template>

  <!-- a bead: the link, then what it aligns, Chinese then English (its targets, in their order) -->
  <xsl:template match="t:link" mode="d:fragment">
    <xsl:copy-of select="." copy-namespaces="no"/>
    <xsl:variable name="link" select="."/>
    <xsl:apply-templates mode="d:fragment"
      select="for $t in tokenize(normalize-space(@target), ' ')[starts-with(., '#')] return key('id', substring($t, 2), root($link))"/>
  </xsl:template>

  <xsl:template match="t:anchor" mode="d:fragment">
    <xsl:copy-of select="." copy-namespaces="no"/>
  </xsl:template>

  <xsl:template match="*" mode="d:fragment">
    <xsl:apply-templates select="." mode="d:copy"/>
  </xsl:template>

  <xsl:template match="*" mode="d:copy">
    <xsl:copy copy-namespaces="no">
      <xsl:apply-templates select="@* | node()" mode="d:copy"/>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
